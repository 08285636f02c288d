// Adversarial second read of the engine: crafted but realistic inputs that once let an identifier
// through. Each case builds real bytes with the engine's own writer, runs the whole pipeline
// (pseudonymizeStudy, files on disk), and scans the OUTPUT BYTES and the output path for the
// planted values, not just the parsed attributes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeDicomFile,
  encodeElements,
  encodeText,
  type OutElement,
  type OutItem,
} from '../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import type { DeidOptionKey } from '../../../../main/deid/profileTypes.js';
import { SAFE_PRIVATE_TAGS } from '../../../../main/deid/tables/safePrivateTags.js';

const work = mkdtempSync(join(tmpdir(), 'mitate-deid-second-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const keys = createPseudonymKeys(Buffer.alloc(32, 33));
const EXPLICIT = { explicitVr: true, littleEndian: true };
const IMPLICIT = { explicitVr: false, littleEndian: true };

const STUDY_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.111111';
const SERIES_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.222222';
const SOP_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.333333';
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.33';

const value = (tag: number, vr: string, text: string | Uint8Array): OutElement => ({
  kind: 'value',
  tag,
  vr,
  value: typeof text === 'string' ? encodeText(text, vr) : text,
});
const item = (elements: OutElement[], syntax = EXPLICIT): OutItem => ({
  elements,
  undefinedLength: true,
  syntax,
});
const sequence = (tag: number, items: OutItem[], vr = 'SQ'): OutElement => ({
  kind: 'sequence',
  tag,
  vr,
  undefinedLength: true,
  items,
});
const tagOf = (element: OutElement): number =>
  element.kind === 'copy' ? element.element.tag : element.tag;

function craft(extra: OutElement[], series = SERIES_UID): Uint8Array {
  const body: OutElement[] = [
    value(0x00080016, 'UI', SR_CLASS),
    value(0x00080018, 'UI', SOP_UID),
    value(0x00080060, 'CS', 'SR'),
    value(0x00100010, 'PN', 'SUZUKI^HANAKO'),
    value(0x00100020, 'LO', 'MRN4471902'),
    value(0x0020000d, 'UI', STUDY_UID),
    value(0x0020000e, 'UI', series),
    ...extra,
  ];
  body.sort((a, b) => tagOf(a) - tagOf(b));
  const meta = [
    value(0x00020002, 'UI', SR_CLASS),
    value(0x00020003, 'UI', SOP_UID),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, EXPLICIT, false));
}

let runs = 0;
async function deid(
  bytes: Uint8Array,
  options: DeidOptionKey[] = [],
): Promise<{ output: Buffer | undefined; path: string | undefined; excluded: string[] }> {
  const input = join(work, `in-${++runs}.dcm`);
  writeFileSync(input, bytes);
  const outDir = join(work, `out-${runs}`);
  const { outputFiles, report } = await pseudonymizeStudy([input], { outDir, options, keys });
  const path = outputFiles[0]?.path;
  return {
    output: path === undefined ? undefined : readFileSync(path),
    path: path?.slice(outDir.length),
    excluded: report.excluded.map((entry) => entry.reason),
  };
}

/** Planted values still in the output bytes (Latin-1, as written) or in the output path. */
function survivors(
  result: { output: Buffer | undefined; path: string | undefined },
  planted: (string | Uint8Array)[],
): string[] {
  if (result.output === undefined) return ['<no output>'];
  return planted
    .map((needle) =>
      typeof needle === 'string' ? Buffer.from(needle, 'latin1') : Buffer.from(needle),
    )
    .filter(
      (needle) =>
        result.output!.includes(needle) || (result.path ?? '').includes(needle.toString('latin1')),
    )
    .map((needle) => needle.toString('latin1'));
}

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

  it("Patient's Birth and Death Date in Alternative Calendar (0010,0033)/(0010,0034), absent from Table E.1-1, are removed", async () => {
    const result = await deid(
      craft([
        value(0x00100033, 'LO', 'H02.01.08'),
        value(0x00100034, 'LO', 'R05.11.30'),
        value(0x00100035, 'CS', 'I'),
      ]),
    );
    expect(survivors(result, ['H02.01.08', 'R05.11.30'])).toEqual([]);
  });

  it('a person name in an attribute the table does not list (retired Document Author Trial, PN) does not survive', async () => {
    const result = await deid(craft([value(0x0040a067, 'PN', 'TANAKA^ICHIRO')]));
    expect(survivors(result, ['TANAKA', 'ICHIRO'])).toEqual([]);
  });

  it('Issuer of Patient ID Qualifiers and Storage Media File-set ID (unlisted) do not carry the issuer or a CD label out', async () => {
    const qualifiers = sequence(0x00100024, [
      item([
        value(0x00400032, 'UT', '2.16.392.1.99.4471.1'),
        value(0x00400033, 'CS', 'ISO'),
        value(0x00400035, 'CS', 'MR'),
      ]),
    ]);
    const result = await deid(craft([qualifiers, value(0x00880130, 'SH', 'SUZUKI_H')]));
    expect(survivors(result, ['2.16.392.1.99.4471.1', 'SUZUKI_H'])).toEqual([]);
  });

  it('command and file-meta elements stored inside the data set (Move Originator AE, Source AE Title) do not survive', async () => {
    const result = await deid(
      craft([value(0x00001030, 'AE', 'KYOTO_RAD_PACS'), value(0x00020016, 'AE', 'KYOTO_CT_03')]),
    );
    expect(survivors(result, ['KYOTO_RAD_PACS', 'KYOTO_CT_03'])).toEqual([]);
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
  it('Issuer of Accession Number Sequence (unlisted) does not carry the hospital name and OID out', async () => {
    const issuer = sequence(0x00080051, [
      item([
        value(0x00400031, 'UT', 'KYOTO_UNIV_HOSP'),
        value(0x00400032, 'UT', '2.16.392.1.99.4471.2'),
        value(0x00400033, 'CS', 'ISO'),
      ]),
    ]);
    const result = await deid(craft([value(0x00080050, 'SH', 'ACC2024-1187'), issuer]));
    expect(survivors(result, ['KYOTO_UNIV_HOSP', '2.16.392.1.99.4471.2', 'ACC2024-1187'])).toEqual(
      [],
    );
  });

  it('free-text Content Description (unlisted) of a presentation state or segmentation does not survive', async () => {
    const result = await deid(
      craft([
        value(0x00700080, 'CS', 'ANNOTATION'),
        value(0x00700081, 'LO', 'Lesion marked for SUZUKI by Dr Okonogi'),
      ]),
    );
    expect(survivors(result, ['Okonogi', 'SUZUKI'])).toEqual([]);
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

  it('Directory Record elements inside an instance (group 0004) do not survive', async () => {
    const result = await deid(
      craft([value(0x00041130, 'CS', 'SUZUKIHANAKO'), value(0x00041500, 'CS', 'SUZUKI_H\\IM0001')]),
    );
    expect(survivors(result, ['SUZUKI', 'IM0001'])).toEqual([]);
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

  it('a cleaned text attribute written with a non-text VR (Study Description as DS) is cleaned, not copied', async () => {
    const result = await deid(craft([value(0x00081030, 'DS', 'MRA SUZUKI HANAKO')]), [
      'cleanDescriptors',
    ]);
    expect(survivors(result, ['SUZUKI', 'HANAKO'])).toEqual([]);
  });

  it('Retrieve URL / Retrieve URI left by a DICOMweb or WADO archive (host name, original UIDs) do not survive, at any depth', async () => {
    const url = `https://pacs.kyoto-rad.example.jp/dicomweb/studies/${STUDY_UID}`;
    const referenced = sequence(0x00081115, [
      item([
        value(0x00081190, 'UR', `${url}/series/${SERIES_UID}`),
        value(0x0020000e, 'UI', SERIES_UID),
      ]),
    ]);
    const result = await deid(
      craft([
        value(0x00081190, 'UR', url),
        referenced,
        value(0x0040e010, 'UR', `https://pacs.kyoto-rad.example.jp/wado?studyUID=${STUDY_UID}`),
      ]),
    );
    expect(survivors(result, ['kyoto-rad', STUDY_UID, SERIES_UID])).toEqual([]);
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

  it("a contact's name in a procedure step (Contact Display Name, unlisted; its Contact URI is removed) does not survive", async () => {
    const contact = sequence(0x00741008, [
      item([
        value(0x0074100a, 'UR', 'tel:+81-3-5555-0199'),
        value(0x0074100c, 'LO', 'Okonogi Shintaro'),
      ]),
    ]);
    const result = await deid(craft([contact]));
    expect(survivors(result, ['Okonogi', 'Shintaro', '5555-0199'])).toEqual([]);
  });

  it("an animal patient's Breed Registration Number (unlisted, a registry's ID of that animal) does not survive", async () => {
    const registry = sequence(0x00102296, [
      item([
        value(0x00080100, 'SH', '109200'),
        value(0x00080102, 'SH', 'DCM'),
        value(0x00080104, 'LO', 'America Kennel Club'),
      ]),
    ]);
    const registration = sequence(0x00102294, [
      item([value(0x00102295, 'LO', 'JKC-2024-448812'), registry]),
    ]);
    const result = await deid(craft([registration]));
    expect(survivors(result, ['JKC-2024-448812'])).toEqual([]);
  });

  it('free-text comments the table does not list (SOP Authorization Comment, RT dose, transformation, treatment and setup comments, substance notes) do not survive', async () => {
    const comments = [
      value(0x01000424, 'LT', 'Approved by Dr Okonogi'),
      value(0x30040006, 'LO', 'Plan for Mrs Hanazawa'),
      value(0x300600c8, 'LO', 'Registered by Kobayashi'),
      value(0x30080202, 'ST', 'Stopped: Mr Ishiguro felt sick'),
      value(0x300a0402, 'ST', 'Set up by Watanabe'),
      value(0x00440011, 'LO', 'Allergy reported by Hanazawa'),
    ];
    const result = await deid(craft(comments));
    expect(survivors(result, ['Okonogi', 'Hanazawa', 'Kobayashi', 'Ishiguro', 'Watanabe'])).toEqual(
      [],
    );
    // Under Clean Descriptors they are cleaned like the table's own comments: the patient's values go, the rest may stay.
    const cleaned = await deid(
      craft([value(0x30040006, 'LO', 'Plan for SUZUKI HANAKO MRN4471902')]),
      ['cleanDescriptors'],
    );
    expect(survivors(cleaned, ['SUZUKI', 'HANAKO', 'MRN4471902'])).toEqual([]);
  });

  it('people named or numbered in attributes the table does not list (Hanging Protocol Creator, Owner ID, Component Welder IDs) do not survive', async () => {
    const result = await deid(
      craft([
        value(0x00140100, 'LO', 'WELDER-OKONOGI-17'),
        value(0x00720008, 'LO', 'Dr Hanazawa'),
        value(0x21000160, 'SH', 'kobayashi.t'),
      ]),
    );
    expect(survivors(result, ['OKONOGI', 'Hanazawa', 'kobayashi'])).toEqual([]);
  });

  it('device identity the table does not list (Device ID in a Device Sequence, NTP Source Address) goes, and stays under Retain Device Identity', async () => {
    const planted = [
      sequence(0x00500010, [item([value(0x00181003, 'LO', 'INJ-KYOTO-0042')])]),
      value(0x00181803, 'LO', '10.23.4.250'),
    ];
    expect(survivors(await deid(craft(planted)), ['INJ-KYOTO-0042', '10.23.4.250'])).toEqual([]);
    expect(
      survivors(await deid(craft(planted), ['retainDeviceIdentity']), [
        'INJ-KYOTO-0042',
        '10.23.4.250',
      ]),
    ).toEqual(['INJ-KYOTO-0042', '10.23.4.250']);
  });

  it('retired attributes the table does not list (old order numbers, trial-era free text and URL, ACR-NEMA Reference) do not survive', async () => {
    const planted = [
      value(0x00201020, 'LO', 'see chart of Hanazawa'),
      value(0x00400553, 'ST', 'biopsy, Dr Okonogi'),
      value(0x00401006, 'SH', 'PLC-88120'),
      value(0x00401007, 'SH', 'FLR-88121'),
      value(0x00401060, 'LO', 'MRA for Kobayashi'),
      value(0x00402006, 'SH', 'PLC-88122'),
      value(0x00402007, 'SH', 'FLR-88123'),
      value(0x0040a33a, 'ST', 'verified by Ishiguro'),
      value(0x0040a992, 'ST', 'http://pacs.kyoto-hosp.example/wado?study=88124'),
    ];
    const result = await deid(craft(planted));
    expect(
      survivors(result, [
        'Hanazawa',
        'Okonogi',
        'PLC-88120',
        'FLR-88121',
        'Kobayashi',
        'PLC-88122',
        'FLR-88123',
        'Ishiguro',
        'kyoto-hosp',
      ]),
    ).toEqual([]);
  });

  it('an overlay in a group outside 6000-601E (Overlay Description, Overlay Label) does not survive', async () => {
    const result = await deid(
      craft([
        value(0x60200010, 'US', new Uint8Array([8, 0])),
        value(0x60200022, 'LO', 'Marked by Dr Okonogi'),
        value(0x60201500, 'LO', 'SUZUKI'),
      ]),
    );
    expect(survivors(result, ['Okonogi', 'SUZUKI'])).toEqual([]);
  });
});
