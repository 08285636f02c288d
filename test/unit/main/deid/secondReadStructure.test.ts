// Second read: identifiers carried by the structure of a file (UN sequences, DICOMDIR, sealed
// attributes, output folders) that once survived or were copied as opaque bytes.
import { describe, expect, it } from 'vitest';
import { encodeDicomFile, encodeElements } from '../../../../main/dicom/index.js';
import { SAFE_PRIVATE_TAGS } from '../../../../main/deid/tables/safePrivateTags.js';
import {
  craft,
  deid,
  EXPLICIT,
  IMPLICIT,
  item,
  sequence,
  SERIES_UID,
  SOP_UID,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

describe('second read: identifiers that once survived', () => {
  it('an unlisted public sequence stored as UN whose content cannot be parsed is held back, not copied as opaque bytes (held)', async () => {
    // Referenced Series Sequence written as UN by a converter that kept explicit VR inside (PS3.5 §6.2.2 says implicit).
    const chunks: Uint8Array[] = [];
    encodeElements([value(0x0020000e, 'UI', SERIES_UID)], EXPLICIT, chunks);
    const inner = Buffer.concat(chunks);
    const itemBytes = Buffer.concat([
      Buffer.from([0xfe, 0xff, 0x00, 0xe0]),
      Buffer.from(new Uint32Array([inner.length]).buffer),
      inner,
    ]);
    const result = await deid(
      craft(
        [value(0x00081115, 'UN', itemBytes)],
        '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.222223',
      ),
    );
    expect(result.excluded).toEqual(['unreadable']);
    expect(result.output).toBeUndefined();
  });

  it('output folders never carry an original UID, even a multi-valued Series Instance UID', async () => {
    const result = await deid(craft([], `${SERIES_UID}\\1.2.3.4.5.6.7`));
    expect(result.path).toMatch(/^\/2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+\.dcm$/);
  });

  it('implicit VR items inside a UN sequence of an unknown-length still get the profile applied (held)', async () => {
    const other = sequence(
      0x00101002,
      [
        item(
          [value(0x00100020, 'LO', 'OTHER-991'), value(0x00100021, 'LO', 'KYOTO HOSP')],
          IMPLICIT,
        ),
      ],
      'UN',
    );
    const result = await deid(craft([other]));
    expect(survivors(result, ['OTHER-991', 'KYOTO HOSP', 'SUZUKI', 'MRN4471902'])).toEqual([]);
  });

  it('a DICOMDIR given as input (its file-set ID and Referenced File IDs name the patient) is held back', async () => {
    const records = sequence(0x00041220, [
      item([
        value(0x00041430, 'CS', 'PATIENT'),
        value(0x00100010, 'PN', 'SUZUKI^HANAKO'),
        value(0x00100020, 'LO', 'MRN4471902'),
      ]),
      item([
        value(0x00041430, 'CS', 'IMAGE'),
        value(0x00041500, 'CS', 'SUZUKI_H\\MRN44719\\IM0001'),
        value(0x00041511, 'UI', SOP_UID),
      ]),
    ]);
    const body = [value(0x00041130, 'CS', 'SUZUKIHANAKO'), records];
    const meta = [
      value(0x00020002, 'UI', '1.2.840.10008.1.3.10'),
      value(0x00020003, 'UI', '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.9'),
      value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
    ];
    const result = await deid(Buffer.concat(encodeDicomFile(meta, body, EXPLICIT, false)));
    // An index of a medium, not an instance: held back with a reason, and nothing is written.
    expect(result.excluded).toEqual(['notAnInstance']);
    expect(result.output).toBeUndefined();
  });

  it('an Encrypted Attributes Sequence left by an earlier de-identifier (sealed original identity) is removed', async () => {
    const sealed = sequence(0x04000500, [
      item([
        value(0x04000510, 'UI', '1.2.840.10008.1.2.1'),
        value(0x04000520, 'OB', Buffer.from('CMS-ENVELOPE:SUZUKI^HANAKO:MRN4471902', 'latin1')),
      ]),
    ]);
    const result = await deid(craft([sealed]));
    expect(survivors(result, ['CMS-ENVELOPE', 'MRN4471902'])).toEqual([]);
  });

  it('under Retain Safe Private, a safe private sequence stored as UN that cannot be parsed is not copied as opaque bytes', async () => {
    // Philips Stack Sequence (2001,xx5F) is safe (PS3.15 E.3.10-1); here its items were left in explicit VR inside UN.
    expect(SAFE_PRIVATE_TAGS.get('2001:Philips Imaging DD 001:5F')).toBe('E.3.10-1');
    const chunks: Uint8Array[] = [];
    encodeElements([value(0x00100010, 'PN', 'WATANABE^KEN')], EXPLICIT, chunks);
    const inner = Buffer.concat(chunks);
    const itemBytes = Buffer.concat([
      Buffer.from([0xfe, 0xff, 0x00, 0xe0]),
      Buffer.from(new Uint32Array([inner.length]).buffer),
      inner,
    ]);
    const result = await deid(
      craft([
        value(0x20010010, 'LO', 'Philips Imaging DD 001'),
        value(0x2001105f, 'UN', itemBytes),
      ]),
      ['retainSafePrivate'],
    );
    expect(survivors(result, ['WATANABE'])).toEqual([]);
  });

  it('a UN sequence of undefined length whose items are explicit VR (not implicit, PS3.5 §6.2.2) is held back (held)', async () => {
    const broken = sequence(
      0x00081115,
      [
        item(
          [
            value(0x0020000e, 'UI', SERIES_UID),
            value(0x00081190, 'UR', 'https://pacs.example.jp/x'),
          ],
          EXPLICIT,
        ),
      ],
      'UN',
    );
    const result = await deid(
      craft([broken], '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.222224'),
    );
    expect(result.excluded).toEqual(['unreadable']);
    expect(result.output).toBeUndefined();
  });
});
