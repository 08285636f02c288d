// Dates and times the data dictionary knows but PS3.15 Table E.1-1 (2026d) does not list (Study
// Update DateTime, Secondary Review Date, DICONDE and DICOS dates): handled like the table's own
// dates, at the top level and two levels deep (View Code Sequence > View Modifier Code Sequence,
// both unlisted and recursed into). Basic profile: emptied like Study Date (Z). Retain
// Longitudinal Modified Dates: shifted by the patient's offset like Study Date (PS3.15 E.3.6), so
// no real date sits beside the shifted ones. Full Dates: kept. Also DT values with a UTC offset,
// truncated DT and DA values and invalid dates: shifted whole or emptied, never half-shifted.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DicomFormatError,
  parseDicomFile,
  valueOf,
  type DataElement,
  type DicomFile,
  encodeDicomFile,
  encodeText,
  type OutElement,
  vrOfTag,
} from '../../../../main/dicom/index.js';
import { deidentifyInstance } from '../../../../main/deid/deidentifyInstance.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { ReportCollector, type DeidReportEntry } from '../../../../main/deid/deidReport.js';
import { shiftDateValue } from '../../../../main/deid/dateShift.js';
import { DICTIONARY_ENTRIES } from '../../../../main/dicom/tables/dataDictionary.js';
import { PROFILE_ROWS } from '../../../../main/deid/tables/profileTable.js';
import { BEYOND_TABLE_ROWS } from '../../../../main/deid/beyondTable.js';
import { dicomFilesUnder } from './inputFacts.js';
import { testData } from '../../../support/paths.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 33));
const SYNTAX = { explicitVr: true, littleEndian: true };
const VIEW_CODE_SEQUENCE = 0x00540220;
const VIEW_MODIFIER_CODE_SEQUENCE = 0x00540222;
const STUDY_DATE = 0x00080020;
const STUDY_TIME = 0x00080030;
const ACQUISITION_DATETIME = 0x0008002a;
const STUDY_UPDATE_DATETIME = 0x0008041f;
const SECONDARY_REVIEW_DATE = 0x00140102;
const SECONDARY_REVIEW_TIME = 0x00140103;
const DATE = '20210317';
const DATETIME = `${DATE}101112`;
const TIME = '101112';

/** Every public DA/DT/TM attribute of the dictionary that neither Table E.1-1 nor beyondTable.ts lists. */
const UNLISTED: { tag: number; vr: 'DA' | 'DT' | 'TM' }[] = [];
{
  const listed = new Set([...PROFILE_ROWS, ...BEYOND_TABLE_ROWS].map((row) => row.tag));
  for (let index = 0; index < DICTIONARY_ENTRIES.length; index += 10) {
    const hex = DICTIONARY_ENTRIES.slice(index, index + 8);
    const vr = DICTIONARY_ENTRIES.slice(index + 8, index + 10);
    if ((vr === 'DA' || vr === 'DT' || vr === 'TM') && !listed.has(hex) && !/^(50|60)/.test(hex))
      UNLISTED.push({ tag: parseInt(hex, 16) >>> 0, vr });
  }
}

const originalOf = (vr: string): string => (vr === 'DA' ? DATE : vr === 'DT' ? DATETIME : TIME);
const value = (tag: number, vr: string, text: string): OutElement => ({
  kind: 'value',
  tag,
  vr,
  value: encodeText(text, vr),
});
const byTag = (a: OutElement, b: OutElement): number =>
  a.kind !== 'copy' && b.kind !== 'copy' ? a.tag - b.tag : 0;
const codeItem = (code: string): OutElement[] => [
  value(0x00080100, 'SH', code),
  value(0x00080102, 'SH', '99TEST'),
  value(0x00080104, 'LO', `Meaning ${code}`),
];

/** The dates of one data set: the table's Study Date and Time beside every unlisted date and time; an extra element replaces the one of its tag. */
function dates(extra: OutElement[]): OutElement[] {
  const base = [
    value(STUDY_DATE, 'DA', DATE),
    value(STUDY_TIME, 'TM', TIME),
    ...UNLISTED.map(({ tag, vr }) => value(tag, vr, originalOf(vr))),
  ];
  const replaced = new Set(
    extra.map((element) => (element.kind === 'copy' ? element.element.tag : element.tag)),
  );
  return [
    ...base.filter((element) => element.kind === 'copy' || !replaced.has(element.tag)),
    ...extra,
  ];
}

function file(extra: OutElement[] = []): Uint8Array {
  const inner = [...codeItem('INNER'), ...dates(extra)].sort(byTag);
  const middle: OutElement[] = [
    ...codeItem('MIDDLE'),
    {
      kind: 'sequence',
      tag: VIEW_MODIFIER_CODE_SEQUENCE,
      vr: 'SQ',
      undefinedLength: true,
      items: [{ elements: inner, undefinedLength: true, syntax: SYNTAX }],
    },
  ];
  const view: OutElement = {
    kind: 'sequence',
    tag: VIEW_CODE_SEQUENCE,
    vr: 'SQ',
    undefinedLength: false,
    items: [{ elements: middle, undefinedLength: false, syntax: SYNTAX }],
  };
  const body: OutElement[] = [
    value(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    value(0x00080018, 'UI', '1.2.3.4.5.6'),
    value(0x00100010, 'PN', 'DOE^JANE'),
    value(0x00100020, 'LO', 'ID-88'),
    ...dates(extra),
    view,
  ].sort(byTag);
  const meta: OutElement[] = [
    value(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    value(0x00020003, 'UI', '1.2.3.4.5.6'),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, SYNTAX, false));
}

interface Run {
  top: DataElement[];
  nested: DataElement[];
  offset: number;
  entries: DeidReportEntry[];
}

async function run(options: string[], extra: OutElement[] = []): Promise<Run> {
  const report = new ReportCollector();
  const result = await deidentifyInstance({
    file: parseDicomFile(file(extra)),
    options: new Set(options),
    keys,
    report,
    uidMap: new Map(),
  });
  const top = parseDicomFile(Buffer.concat(result.chunks)).body;
  const middle =
    top.find((element) => element.tag === VIEW_CODE_SEQUENCE)?.items?.[0]?.elements ?? [];
  const nested =
    middle.find((element) => element.tag === VIEW_MODIFIER_CODE_SEQUENCE)?.items?.[0]?.elements ??
    [];
  return { top, nested, offset: result.dateOffsetDays, entries: report.entries() };
}

const text = (elements: DataElement[], tag: number): string | undefined => {
  const element = elements.find((candidate) => candidate.tag === tag);
  return element === undefined
    ? undefined
    : Buffer.from(valueOf(element))
        .toString('latin1')
        .replace(/[\0 ]+$/, '');
};

function shifted(date: string, days: number): string {
  const time =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) +
    days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}

const hexOf = (tag: number): string => tag.toString(16).toUpperCase().padStart(8, '0');

describe('dates and times Table E.1-1 does not list', () => {
  it('are found in the dictionary: Study Update DateTime, Secondary Review Date and Time, DICONDE and DICOS dates', () => {
    const tags = UNLISTED.map(({ tag }) => tag);
    expect(tags).toEqual(
      expect.arrayContaining([
        STUDY_UPDATE_DATETIME,
        SECONDARY_REVIEW_DATE,
        SECONDARY_REVIEW_TIME,
        0x00141020,
        0x40101025,
      ]),
    );
    expect(
      UNLISTED.some(({ vr }) => vr === 'DA') &&
        UNLISTED.some(({ vr }) => vr === 'DT') &&
        UNLISTED.some(({ vr }) => vr === 'TM'),
    ).toBe(true);
  });

  it('basic profile: emptied like Study Date (Z), top level and two deep, and reported as Mitate rules', async () => {
    const { top, nested, entries } = await run([]);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe('');
      for (const { tag, vr } of UNLISTED) {
        const label = `${where} ${hexOf(tag)} ${vr}`;
        expect(
          elements.find((element) => element.tag === tag),
          label,
        ).toBeDefined();
        expect(text(elements, tag), label).toBe('');
      }
    }
    for (const { tag } of UNLISTED) {
      const entry = entries.filter((candidate) => candidate.tag === hexOf(tag));
      expect(entry.length, hexOf(tag)).toBeGreaterThan(0);
      for (const each of entry) {
        expect(each.action, hexOf(tag)).toBe('emptied');
        expect(each.reason.source, hexOf(tag)).toBe('Mitate');
      }
    }
  });

  it('Retain Longitudinal Modified Dates: every unlisted DA and DT shifted by the same offset as Study Date, times kept', async () => {
    const { top, nested, offset, entries } = await run(['retainLongitudinalModifiedDates']);
    expect(offset).not.toBe(0);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe(shifted(DATE, offset));
      expect(text(elements, STUDY_TIME), `${where} Study Time`).toBe(TIME);
      for (const { tag, vr } of UNLISTED) {
        const label = `${where} ${hexOf(tag)} ${vr}`;
        const expected =
          vr === 'DA'
            ? shifted(DATE, offset)
            : vr === 'DT'
              ? `${shifted(DATE, offset)}101112`
              : TIME;
        expect(text(elements, tag), label).toBe(expected);
      }
    }
    const studyUpdate = entries.find((entry) => entry.tag === hexOf(STUDY_UPDATE_DATETIME))!;
    expect(studyUpdate.action).toBe('dateShifted');
    expect(studyUpdate.reason).toMatchObject({
      source: 'Mitate',
      option: 'retainLongitudinalModifiedDates',
    });
  });

  it('Retain Longitudinal Full Dates: every unlisted date and time kept, like Study Date', async () => {
    const { top, nested } = await run(['retainLongitudinalFullDates']);
    for (const [where, elements] of [
      ['top', top],
      ['nested', nested],
    ] as const) {
      expect(text(elements, STUDY_DATE), `${where} Study Date`).toBe(DATE);
      for (const { tag, vr } of UNLISTED)
        expect(text(elements, tag), `${where} ${hexOf(tag)} ${vr}`).toBe(originalOf(vr));
    }
  });

  it('other options leave them as the basic profile does (emptied)', async () => {
    const { top, nested } = await run(['retainDeviceIdentity', 'cleanDescriptors']);
    for (const elements of [top, nested])
      for (const { tag } of UNLISTED) expect(text(elements, tag), hexOf(tag)).toBe('');
  });
});

describe("DICONDE gain calibration date and time: a device's, like Date and Time of Last Calibration", () => {
  const GAIN_DATE = 0x00143076;
  const GAIN_TIME = 0x00143077;
  const extra = [value(GAIN_DATE, 'DA', DATE), value(GAIN_TIME, 'TM', TIME)];
  const cases: {
    options: string[];
    date: (days: number) => string | undefined;
    time: string | undefined;
  }[] = [
    { options: [], date: () => undefined, time: undefined },
    { options: ['retainDeviceIdentity'], date: () => DATE, time: TIME },
    { options: ['retainLongitudinalFullDates'], date: () => DATE, time: TIME },
    {
      options: ['retainLongitudinalModifiedDates'],
      date: (days) => shifted(DATE, days),
      time: TIME,
    },
    // Clean (shift) wins over keep when both options name the row.
    {
      options: ['retainDeviceIdentity', 'retainLongitudinalModifiedDates'],
      date: (days) => shifted(DATE, days),
      time: TIME,
    },
  ];
  for (const { options, date, time } of cases) {
    it(`${options.join('+') || 'basic'}: top level and two deep`, async () => {
      const { top, nested, offset } = await run(options, extra);
      for (const elements of [top, nested]) {
        expect(text(elements, GAIN_DATE)).toBe(date(offset));
        expect(text(elements, GAIN_TIME)).toBe(time);
      }
    });
  }
});

describe('DT with a UTC offset, truncated and invalid dates under Modified Dates', () => {
  // The same values on a listed DateTime (Acquisition DateTime, C) and on an unlisted one.
  const cases: {
    name: string;
    vr: 'DA' | 'DT';
    input: string;
    expected: (days: number) => string;
  }[] = [
    {
      name: 'DT with a negative UTC offset',
      vr: 'DT',
      input: '20210317101112.123456-0500',
      expected: (days) => `${shifted(DATE, days)}101112.123456-0500`,
    },
    {
      name: 'DT with a positive UTC offset',
      vr: 'DT',
      input: '20210317235959+0900',
      expected: (days) => `${shifted(DATE, days)}235959+0900`,
    },
    {
      name: 'DT truncated to the day with a UTC offset',
      vr: 'DT',
      input: '20210317+0100',
      expected: (days) => `${shifted(DATE, days)}+0100`,
    },
    {
      name: 'DT range with UTC offsets',
      vr: 'DT',
      input: '20210317101112+0100-20210318101112+0100',
      expected: (days) =>
        `${shifted(DATE, days)}101112+0100-${shifted('20210318', days)}101112+0100`,
    },
    { name: 'DT truncated to the year', vr: 'DT', input: '2021', expected: () => '' },
    { name: 'DT truncated to the month', vr: 'DT', input: '202103', expected: () => '' },
    {
      name: 'DT truncated to the year with a UTC offset',
      vr: 'DT',
      input: '2021-0500',
      expected: () => '',
    },
    {
      name: 'DT multi-valued, one truncated',
      vr: 'DT',
      input: '20210317101112\\2021',
      expected: () => '',
    },
    { name: 'DT with an impossible month', vr: 'DT', input: '20211317101112', expected: () => '' },
    {
      name: 'DT with something other than a time after the date',
      vr: 'DT',
      input: '20210317T10:11',
      expected: () => '',
    },
    {
      name: 'DT with a fraction but no seconds',
      vr: 'DT',
      input: '202103171011.5',
      expected: () => '',
    },
    { name: 'DA with an impossible day', vr: 'DA', input: '20210230', expected: () => '' },
    { name: 'DA truncated to the year', vr: 'DA', input: '2021', expected: () => '' },
    { name: 'DA in the retired ACR-NEMA form', vr: 'DA', input: '2021.03.17', expected: () => '' },
  ];
  for (const { name, vr, input, expected } of cases) {
    it(`${name}: shifted whole or emptied, top level and two deep`, async () => {
      const listedTag = vr === 'DT' ? ACQUISITION_DATETIME : 0x00080022; // Acquisition Date
      const unlistedTag = vr === 'DT' ? STUDY_UPDATE_DATETIME : SECONDARY_REVIEW_DATE;
      const { top, nested, offset } = await run(
        ['retainLongitudinalModifiedDates'],
        [value(listedTag, vr, input), value(unlistedTag, vr, input)],
      );
      for (const [where, elements] of [
        ['top', top],
        ['nested', nested],
      ] as const) {
        for (const tag of [listedTag, unlistedTag])
          expect(text(elements, tag), `${where} ${hexOf(tag)}`).toBe(expected(offset));
      }
      expect(shiftDateValue(input, vr, offset) ?? '').toBe(expected(offset));
    });
  }
});

describe('shiftDateValue', () => {
  it('shifts years 0001-0099 in their own century (Date.UTC would read them as 1900-1999)', () => {
    expect(shiftDateValue('00500101', 'DA', -1)).toBe('00491231');
    expect(shiftDateValue('0050010112+0100', 'DT', 1)).toBe('0050010212+0100');
  });

  it('empties a date that the shift would move outside the years 0001-9999', () => {
    expect(shiftDateValue('00010101', 'DA', -1)).toBeUndefined();
    expect(shiftDateValue('99991231', 'DA', 1)).toBeUndefined();
  });
});

// Real files: every public date and datetime of the output, at any depth, is the input's value at
// the same place shifted whole by the patient's offset, or empty, or the dummy 19000101 (D):
// never an original date left beside shifted ones, never a half-shifted value.
const REAL_FOLDERS = [
  'deid-phi',
  'deid-references',
  'sr-tid1500-dcmqi-pet',
  'seg-ct-dcmqi',
  'japanese-names',
];
const REAL_FILES = REAL_FOLDERS.flatMap((folder) => dicomFilesUnder(testData(folder))).filter(
  (path) => !/\.(md|txt|json)$/i.test(path),
);

interface DatePair {
  path: string;
  vr: 'DA' | 'DT';
  input: string;
  output: string;
}

/** Output DA/DT elements beside the input element at the same place (same tags, same item indices). */
function datePairs(
  input: readonly DataElement[],
  output: readonly DataElement[],
  path: string,
  into: DatePair[] = [],
): DatePair[] {
  for (const element of output) {
    if (element.tag >>> 16 === 0x0002 || ((element.tag >>> 16) & 1) === 1) continue;
    const original = input.find((candidate) => candidate.tag === element.tag);
    const here = `${path}/${hexOf(element.tag)}`;
    if (element.items !== undefined) {
      element.items.forEach((item, index) =>
        datePairs(
          original?.items?.[index]?.elements ?? [],
          item.elements,
          `${here}[${index}]`,
          into,
        ),
      );
      continue;
    }
    const vr = element.vr === 'UN' ? vrOfTag(element.tag) : element.vr;
    if (vr !== 'DA' && vr !== 'DT') continue;
    const read = (candidate: DataElement | undefined): string =>
      candidate === undefined
        ? ''
        : Buffer.from(valueOf(candidate))
            .toString('latin1')
            .replace(/[\0 ]+$/, '')
            .trim();
    into.push({ path: here, vr, input: read(original), output: read(element) });
  }
  return into;
}

/** A file of the folders that is DICOM (licences and notes sit beside them). */
function parseOrSkip(path: string): DicomFile | undefined {
  try {
    return parseDicomFile(new Uint8Array(readFileSync(path)));
  } catch (error) {
    if (error instanceof DicomFormatError) return undefined;
    throw error;
  }
}

describe('real files: no original or half-shifted date at any depth', () => {
  it('reads the real files', () => {
    expect(REAL_FILES.length).toBeGreaterThan(20);
  });
  for (const options of [
    [],
    ['retainLongitudinalModifiedDates'],
    ['retainLongitudinalModifiedDates', 'retainSafePrivate'],
  ]) {
    it(`${options.join('+') || 'basic'}: ${REAL_FOLDERS.join(', ')}`, async () => {
      let dates = 0;
      for (const path of REAL_FILES) {
        const file = parseOrSkip(path);
        if (file === undefined) continue;
        const result = await deidentifyInstance({
          file,
          options: new Set(options),
          keys,
          report: new ReportCollector(),
          uidMap: new Map(),
        });
        const output = parseDicomFile(Buffer.concat(result.chunks)).body;
        for (const pair of datePairs(file.body, output, basename(path))) {
          dates += 1;
          const allowed = ['', pair.vr === 'DA' ? '19000101' : '19000101000000'];
          if (options.length > 0)
            allowed.push(shiftDateValue(pair.input, pair.vr, result.dateOffsetDays) ?? '');
          expect(allowed, `${pair.path} ${pair.vr}`).toContain(pair.output);
          if (options.length > 0 && pair.output !== '' && !pair.output.startsWith('19000101'))
            expect(pair.output, pair.path).not.toBe(pair.input);
        }
      }
      expect(dates).toBeGreaterThan(100);
    });
  }
});
