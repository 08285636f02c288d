import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DicomFormatError,
  parseDicomFile,
  valueOf,
  type DataElement,
  type DicomFile,
  vrOfTag,
} from '../../../../main/dicom/index.js';
import { deidentifyInstance } from '../../../../main/deid/deidentifyInstance.js';
import { ReportCollector } from '../../../../main/deid/deidReport.js';
import { shiftDateValue } from '../../../../main/deid/dateShift.js';
import { dicomFilesUnder } from './inputFacts.js';
import { testData } from '../../../support/paths.js';
import { hexOf, keys } from './unlistedDateFile.js';

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
