// Every row of PS3.15 Table E.1-1 (2026d), for the basic profile and each of the ten options, at
// the top level and two levels deep in sequences, on a generated data set with distinctive values.
import { describe, expect, it } from 'vitest';
import { PROFILE_EDITION, PROFILE_ROWS } from '../../../../main/deid/tables/profileTable.js';
import { type OptionKey, type ProfileRow } from '../../../../main/deid/profileTypes.js';
import { TABLE_OPTION_KEYS } from '../../../../preload/contract/deidentification.js';
import { TYPE1_DUMMY_INSTEAD_OF_REMOVAL } from '../../../../main/deid/profileRules.js';
import { parseDicomFile, valueOf, type DataElement } from '../../../../main/dicom/index.js';
import { deidentifyInstance } from '../../../../main/deid/deidentifyInstance.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { ReportCollector } from '../../../../main/deid/deidReport.js';
import {
  everyAttributeFile,
  originalValue,
  testTagOf,
  vrOfRow,
  ORIGINAL_DATE,
  SAFE_PRIVATE,
  UNSAFE_PRIVATE,
  VIEW_CODE_SEQUENCE,
  VIEW_MODIFIER_CODE_SEQUENCE,
} from './everyAttributeDataSet.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 42));
const input = everyAttributeFile();

async function run(
  options: string[],
): Promise<{ top: DataElement[]; nested: DataElement[]; bytes: Buffer; offset: number }> {
  const result = await deidentifyInstance({
    file: parseDicomFile(input),
    options: new Set(options),
    keys,
    report: new ReportCollector(),
    uidMap: new Map(),
  });
  const bytes = Buffer.concat(result.chunks);
  const top = parseDicomFile(bytes).body;
  const view = top.find((element) => element.tag === VIEW_CODE_SEQUENCE);
  const modifier = view?.items?.[0]?.elements.find(
    (element) => element.tag === VIEW_MODIFIER_CODE_SEQUENCE,
  );
  return {
    top,
    nested: modifier?.items?.[0]?.elements ?? [],
    bytes,
    offset: result.dateOffsetDays,
  };
}

/** The action the standard names for a row under one option (or none): the option's column wins. */
function expectedAction(row: ProfileRow, option: OptionKey | undefined): string {
  return (option !== undefined ? row.options[option] : undefined) ?? row.basic;
}

function shifted(date: string, days: number): string {
  const time =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))) +
    days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10).replace(/-/g, '');
}

const text = (element: DataElement): string =>
  Buffer.from(valueOf(element))
    .toString('latin1')
    .replace(/[\0 ]+$/, '');

function checkRow(
  row: ProfileRow,
  option: OptionKey | undefined,
  elements: DataElement[],
  offset: number,
  where: string,
): void {
  const tag = testTagOf(row);
  if (tag === undefined || tag === 0x00020003) return;
  const vr = vrOfRow(row, tag);
  const original = originalValue(tag, vr).toString('latin1');
  const element = elements.find((candidate) => candidate.tag === tag);
  const action = expectedAction(row, option);
  const label = `${where} ${row.tag} ${row.keyword ?? row.name} ${option ?? 'basic'} ${action}`;
  const value =
    element === undefined ? undefined : element.items !== undefined ? undefined : text(element);

  if (tag === 0x00100010 || tag === 0x00100020) {
    // Patient Name and ID: a stable pseudonym, never the original.
    expect(value, label).toBe(
      keys.patientPseudonym(
        `id:${originalValue(0x00100020, 'LO').toString('latin1')}\\${originalValue(0x00100021, 'LO').toString('latin1')}`,
      ),
    );
    return;
  }
  if (tag === 0x00420011) {
    // Encapsulated Document (D): Mitate removes it rather than writing a dummy that is no
    // document beside its original length (and holds back instances of document classes).
    expect(element, label).toBeUndefined();
    return;
  }
  switch (action) {
    case 'X':
      if (TYPE1_DUMMY_INSTEAD_OF_REMOVAL.has(tag)) {
        // Type 1 in its IOD: a dummy, never the original.
        expect(value, label).not.toBe(original);
        return;
      }
      expect(element, label).toBeUndefined();
      return;
    case 'Z':
      if (vr === 'SQ') expect(element?.items, label).toEqual([]);
      else expect(value, label).toBe('');
      return;
    case 'D':
      expect(element, label).toBeDefined();
      if (vr === 'SQ') {
        // The items stay, but no code string of theirs (which could name a person) survives.
        expect(element!.items!.length, label).toBeGreaterThan(0);
        const codeValue = element!.items![0]!.elements.find(
          (candidate) => candidate.tag === 0x00080100,
        );
        if (tag !== 0x0040a730)
          expect(codeValue && text(codeValue), label).not.toBe(`C${tag.toString(16)}`);
      } else {
        expect(element!.length, label).toBeGreaterThan(0);
        expect(value, label).not.toBe(original);
      }
      return;
    case 'U':
      expect(value, label).toBe(keys.uid(original));
      return;
    case 'K':
      expect(element, label).toBeDefined();
      if (vr !== 'SQ') expect(value, label).toBe(original.replace(/[\0 ]+$/, ''));
      return;
    case 'C':
      if (/^(50|60)/.test(row.tag) || ['OB', 'OW', 'UN'].includes(vr)) {
        // Curves, overlays and binary values: we cannot show they are clean, so "clean" removes them.
        expect(element, label).toBeUndefined();
      } else if (option === 'retainLongitudinalModifiedDates' && (vr === 'DA' || vr === 'DT')) {
        expect(value, label).toBe(
          vr === 'DA' ? shifted(ORIGINAL_DATE, offset) : `${shifted(ORIGINAL_DATE, offset)}101010`,
        );
      } else if (vr === 'SQ') {
        expect(element?.items?.length, label).toBeGreaterThan(0);
      } else if (['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'PN'].includes(vr)) {
        expect(element, label).toBeDefined();
        expect(value, label).not.toMatch(/DOE|JOHNATHAN/);
      } else {
        expect(element, label).toBeDefined();
      }
      return;
    default: {
      // "X unless Z/D/U* is required": whichever the engine picks, the original never remains.
      if (element === undefined) return;
      if (vr === 'SQ') {
        if (action === 'X/Z/U*')
          for (const item of element.items ?? [])
            expect(item.elements.length, label).toBeGreaterThan(0);
        return;
      }
      expect(value, label).not.toBe(original.replace(/[\0 ]+$/, ''));
    }
  }
}

describe(`PS3.15 Table E.1-1 ${PROFILE_EDITION}`, () => {
  it('has all 657 rows, keyed on tags (26 rows have no keyword)', () => {
    expect(PROFILE_ROWS).toHaveLength(657);
    expect(PROFILE_ROWS.filter((row) => row.keyword === null).length).toBeGreaterThanOrEqual(26);
    expect(new Set(PROFILE_ROWS.map((row) => row.tag)).size).toBe(657);
  });

  for (const option of [undefined, ...TABLE_OPTION_KEYS]) {
    it(`applies every row's action, top level and nested two deep: ${option ?? 'basic profile'}`, async () => {
      const { top, nested, bytes, offset } = await run(option === undefined ? [] : [option]);
      expect(nested.length, 'the nested copy survived').toBeGreaterThan(100);
      for (const row of PROFILE_ROWS) {
        checkRow(row, option, top, offset, 'top');
        checkRow(row, option, nested, offset, 'nested');
      }
      // Private elements: removed, unless Retain Safe Private and listed in E.3.10-1.
      const safeTag = ((SAFE_PRIVATE.group << 16) | 0x1000 | SAFE_PRIVATE.element) >>> 0;
      const unsafeTag = ((UNSAFE_PRIVATE.group << 16) | 0x1000 | UNSAFE_PRIVATE.element) >>> 0;
      for (const elements of [top, nested]) {
        expect(elements.find((element) => element.tag === unsafeTag)).toBeUndefined();
        expect(elements.some((element) => element.tag === safeTag)).toBe(
          option === 'retainSafePrivate',
        );
        expect(
          elements.some((element) => element.tag === ((SAFE_PRIVATE.group << 16) | 0x10)),
        ).toBe(option === 'retainSafePrivate');
      }
      // The test values all carry the patient's name; unless the option keeps some of them (a K
      // column, e.g. Institution Name under Retain Institution Identity), no byte of it remains.
      const keepsText =
        option !== undefined && PROFILE_ROWS.some((row) => row.options[option] === 'K');
      if (!keepsText)
        expect(bytes.includes(Buffer.from('JOHNATHAN')), 'name left in output bytes').toBe(false);
      // The de-identification record (PS3.15 E.1.1, PS3.3 C.7.1.1).
      expect(text(top.find((element) => element.tag === 0x00120062)!)).toBe('YES');
      const codes = top
        .find((element) => element.tag === 0x00120064)!
        .items!.map((item) => text(item.elements.find((element) => element.tag === 0x00080100)!));
      expect(codes[0]).toBe('113100');
      expect(codes.length).toBe(option === undefined ? 1 : 2);
      const longitudinal = text(top.find((element) => element.tag === 0x00280303)!);
      expect(longitudinal).toBe(
        option === 'retainLongitudinalModifiedDates'
          ? 'MODIFIED'
          : option === 'retainLongitudinalFullDates'
            ? 'UNMODIFIED'
            : 'REMOVED',
      );
    });
  }

  it('shifts every date of a patient by the same keyed offset, and keeps it between runs', async () => {
    const first = await run(['retainLongitudinalModifiedDates']);
    const second = await run(['retainLongitudinalModifiedDates']);
    expect(first.offset).toBe(second.offset);
    expect(first.offset).toBeLessThan(0);
    expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);
  });
});
