// Second read: identifiers quoted in text the profile removes or cleans (SR text values, cleaned
// descriptors, ISO 2022 names, text under a non-text VR) that once survived.
import { describe, expect, it } from 'vitest';
import type { OutItem } from '../../../../main/dicom/index.js';
import {
  craft,
  deid,
  item,
  sequence,
  STUDY_UID,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

const textItem = (text: string): OutItem =>
  item([
    value(0x0040a010, 'CS', 'CONTAINS'),
    value(0x0040a040, 'CS', 'TEXT'),
    sequence(0x0040a043, [
      item([
        value(0x00080100, 'SH', '121106'),
        value(0x00080102, 'SH', 'DCM'),
        value(0x00080104, 'LO', 'Comment'),
      ]),
    ]),
    value(0x0040a160, 'UT', text),
  ]);

describe('second read: identifiers that once survived', () => {
  it('SR Text Value under the basic profile (Content Sequence is D): a name found nowhere else in the header does not survive', async () => {
    const result = await deid(
      craft([
        sequence(0x0040a730, [textItem('Referred by Dr. Okonogi Shintaro, phone 03-5555-0199')]),
      ]),
    );
    expect(survivors(result, ['Okonogi', 'Shintaro', '5555-0199'])).toEqual([]);
  });

  it('Text Value in an Acquisition Context Sequence under Clean Structured Content is cleaned, not copied', async () => {
    const context = sequence(0x00400555, [
      item([
        value(0x0040a040, 'CS', 'TEXT'),
        value(0x0040a160, 'UT', 'Patient SUZUKI HANAKO MRN4471902 sedated'),
      ]),
    ]);
    const result = await deid(craft([context]), ['cleanStructuredContent']);
    expect(survivors(result, ['SUZUKI', 'HANAKO', 'MRN4471902'])).toEqual([]);
  });

  it('an original UID quoted in a cleaned text (Image Comments under Clean Descriptors) does not survive (held)', async () => {
    const result = await deid(
      craft([value(0x00204000, 'LT', `Compare with prior study ${STUDY_UID} (same patient)`)]),
      ['cleanDescriptors'],
    );
    expect(survivors(result, [STUDY_UID])).toEqual([]);
  });

  it('an ISO 2022 Japanese name (PS3.5 H.3.1) quoted whole in a cleaned Study Description does not survive byte for byte (held)', async () => {
    // 山田^太郎 in the PN's ideographic group; the description writes 山田 (ideographic space) 太郎 as one JIS X 0208 run.
    const esc = (text: string): string => text.replace(/<ESC>/g, '\x1b');
    const name = esc(
      'Yamada^Tarou=<ESC>$B;3ED<ESC>(B^<ESC>$BB@O:<ESC>(B=<ESC>$B$d$^$@<ESC>(B^<ESC>$B$?$m$&<ESC>(B',
    );
    const description = esc('MRA <ESC>$B;3ED!!B@O:<ESC>(B');
    const withName = Buffer.from(
      craft([
        value(0x00080005, 'CS', '\\ISO 2022 IR 87'),
        value(0x00081030, 'LO', Buffer.from(description, 'latin1')),
        value(0x00101001, 'PN', Buffer.from(name.length % 2 ? name + ' ' : name, 'latin1')),
      ]),
    );
    const result = await deid(withName, ['cleanDescriptors']);
    expect(survivors(result, [';3ED', 'B@O:'])).toEqual([]);
  });

  it('a cleaned text attribute written with a non-text VR (Study Description as DS) is cleaned, not copied', async () => {
    const result = await deid(craft([value(0x00081030, 'DS', 'MRA SUZUKI HANAKO')]), [
      'cleanDescriptors',
    ]);
    expect(survivors(result, ['SUZUKI', 'HANAKO'])).toEqual([]);
  });
});
