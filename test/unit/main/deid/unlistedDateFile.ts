// What the tests of dates and times share: a file with every public date and time the data
// dictionary knows but PS3.15 Table E.1-1 (2026d) does not list (Study Update DateTime, Secondary
// Review Date, DICONDE and DICOS dates), beside the table's Study Date and Time, at the top level
// and two levels deep (View Code Sequence > View Modifier Code Sequence, both unlisted and
// recursed into); a run of the engine over it; and readers of its output.
import {
  parseDicomFile,
  valueOf,
  type DataElement,
  encodeDicomFile,
  encodeText,
  type OutElement,
} from '../../../../main/dicom/index.js';
import { deidentifyInstance } from '../../../../main/deid/deidentifyInstance.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { ReportCollector, type DeidReportEntry } from '../../../../main/deid/deidReport.js';
import { DICTIONARY_ENTRIES } from '../../../../main/dicom/tables/dataDictionary.js';
import { PROFILE_ROWS } from '../../../../main/deid/tables/profileTable.js';
import { BEYOND_TABLE_ROWS } from '../../../../main/deid/beyondTable.js';

export const keys = createPseudonymKeys(Buffer.alloc(32, 33));
const SYNTAX = { explicitVr: true, littleEndian: true };
const VIEW_CODE_SEQUENCE = 0x00540220;
const VIEW_MODIFIER_CODE_SEQUENCE = 0x00540222;
export const STUDY_DATE = 0x00080020;
export const STUDY_TIME = 0x00080030;
export const ACQUISITION_DATETIME = 0x0008002a;
export const STUDY_UPDATE_DATETIME = 0x0008041f;
export const SECONDARY_REVIEW_DATE = 0x00140102;
export const SECONDARY_REVIEW_TIME = 0x00140103;
export const DATE = '20210317';
const DATETIME = `${DATE}101112`;
export const TIME = '101112';

/** Every public DA/DT/TM attribute of the dictionary that neither Table E.1-1 nor beyondTable.ts lists. */
export const UNLISTED: { tag: number; vr: 'DA' | 'DT' | 'TM' }[] = [];
{
  const listed = new Set([...PROFILE_ROWS, ...BEYOND_TABLE_ROWS].map((row) => row.tag));
  for (let index = 0; index < DICTIONARY_ENTRIES.length; index += 10) {
    const hex = DICTIONARY_ENTRIES.slice(index, index + 8);
    const vr = DICTIONARY_ENTRIES.slice(index + 8, index + 10);
    if ((vr === 'DA' || vr === 'DT' || vr === 'TM') && !listed.has(hex) && !/^(50|60)/.test(hex))
      UNLISTED.push({ tag: parseInt(hex, 16) >>> 0, vr });
  }
}

export const originalOf = (vr: string): string =>
  vr === 'DA' ? DATE : vr === 'DT' ? DATETIME : TIME;
export const value = (tag: number, vr: string, text: string): OutElement => ({
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

export interface Run {
  top: DataElement[];
  nested: DataElement[];
  offset: number;
  entries: DeidReportEntry[];
}

export async function run(options: string[], extra: OutElement[] = []): Promise<Run> {
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

export const text = (elements: DataElement[], tag: number): string | undefined => {
  const element = elements.find((candidate) => candidate.tag === tag);
  return element === undefined
    ? undefined
    : Buffer.from(valueOf(element))
        .toString('latin1')
        .replace(/[\0 ]+$/, '');
};

export function shifted(date: string, days: number): string {
  const time =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) +
    days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}

export const hexOf = (tag: number): string => tag.toString(16).toUpperCase().padStart(8, '0');
