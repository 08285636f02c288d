// Real files with planted and real identifiers (deid-data, pydicom, dicognito, Orthanc's tests):
// no identifier is left in the output BYTES, dciodvfy finds no error the input did not have, pixel
// data is copied unchanged, and references between objects still resolve after pseudonymization.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicomFile, type DicomFile } from '../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { DeidReportSchema } from '../../../../main/deid/deidReport.js';
import { rewriteUids } from '../../../../main/vault/restoreReferences.js';
import { testData } from '../../../support/paths.js';
import { dicomFilesUnder, identifiersOf, pixelBytes, valuesOf } from './inputFacts.js';
import { dciodvfyReads, hasDciodvfy, newDciodvfyErrors } from './dciodvfy.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 9));
const work = mkdtempSync(join(tmpdir(), 'mitate-deid-real-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Plus the Japanese names of PS3.5 Annex H in ISO_IR 192 and ISO 2022 (IR 87, IR 13): bytes differ by escape sequences.
const PHI_FILES = [
  ...dicomFilesUnder(testData('deid-phi')),
  ...dicomFilesUnder(testData('japanese-names')).filter((file) => file.endsWith('.dcm')),
];
function parse(path: string): DicomFile {
  return parseDicomFile(new Uint8Array(readFileSync(path)));
}

const OPTION_SETS: string[][] = [
  [],
  [
    'retainSafePrivate',
    'retainLongitudinalModifiedDates',
    'cleanDescriptors',
    'retainPatientCharacteristics',
  ],
];

describe('real files with identifiers', () => {
  for (const options of OPTION_SETS) {
    for (const file of PHI_FILES) {
      const name = `${basename(join(file, '..'))}/${basename(file)}`;
      const validate = hasDciodvfy && dciodvfyReads(file);
      const validation = hasDciodvfy
        ? validate
          ? 'adds no dciodvfy error'
          : 'dciodvfy skipped: it cannot read this input'
        : 'dciodvfy skipped: not installed';
      it(`${name} leaves no identifier in the output bytes, keeps pixels, ${validation} (${options.join('+') || 'basic'})`, async () => {
        const input = parse(file);
        const identifiers = [...identifiersOf(input.body)];
        const outDir = join(work, `${options.length}-${name.replace(/\W/g, '_')}`);
        const { outputFiles, report } = await pseudonymizeStudy([file], {
          outDir,
          options: options as never[],
          keys,
        });
        DeidReportSchema.parse(report);
        // The report is shown and may be logged: it holds no value from the input.
        // (Words of its own vocabulary, like "Observer" in VerifyingObserverName, are not values.)
        const reportText = JSON.stringify(report);
        const vocabulary = JSON.stringify([
          report.profile,
          report.studies.map((study) =>
            study.entries.map((entry) => [entry.keyword, entry.reason]),
          ),
        ]).toLowerCase();
        expect(
          identifiers.filter(
            (identifier) =>
              reportText.includes(identifier) && !vocabulary.includes(identifier.toLowerCase()),
          ),
          'identifiers in the report',
        ).toEqual([]);
        if (outputFiles.length === 0) {
          // Only an image with burned-in text may be held back, and the report says why.
          expect(report.excluded.map((excluded) => excluded.reason)).toEqual([
            'burnedInTextNotCleaned',
          ]);
          return;
        }
        // Every decision is in the report with its reason, e.g. the patient's name.
        const patientName = report.studies[0]!.entries.find(
          (entry) => entry.tag === '00100010' && !entry.nested,
        );
        if (valuesOf(input.body, 0x00100010).length > 0)
          expect(patientName).toMatchObject({
            keyword: 'PatientName',
            action: 'pseudonym',
            reason: { source: 'PS3.15 E.1-1' },
          });
        const output = readFileSync(outputFiles[0]!.path);
        const left = identifiers.filter((identifier) =>
          output.includes(Buffer.from(identifier, 'latin1')),
        );
        expect(left, 'identifiers left in the output bytes').toEqual([]);
        // The output name carries only new UIDs.
        expect(outputFiles[0]!.path.slice(outDir.length)).toMatch(
          /^\/(2\.25\.\d+|unknown)\/(2\.25\.\d+|unknown)\/2\.25\.\d+\.dcm$/,
        );
        const pseudonymized = parseDicomFile(output);
        expect(
          pixelBytes(pseudonymized.body)?.equals(pixelBytes(input.body) ?? Buffer.alloc(0)) ?? true,
          'pixel data copied unchanged',
        ).toBe(true);
        if (validate) {
          expect(
            newDciodvfyErrors(file, outputFiles[0]!.path),
            'dciodvfy errors the input did not have',
          ).toEqual([]);
        }
      });
    }
  }
});

interface ReferenceSet {
  name: string;
  folders: string[];
  files?: () => string[];
}

/**
 * An RT Structure Set on its CT: pydicom's rtstruct.dcm, its contour image and frame of
 * reference UIDs pointed (here, in a temporary copy) at pydicom's CT_small.dcm.
 */
function rtStructOnCt(): string[] {
  const ct = join(testData('deid-phi/pydicom'), 'CT_small.dcm');
  const rt = join(testData('deid-phi/pydicom'), 'rtstruct.dcm');
  const ctBody = parse(ct).body;
  const rtBody = parse(rt).body;
  const map = new Map<string, string>();
  const ctSop = valuesOf(ctBody, 0x00080018)[0]!;
  const ctFrame = valuesOf(ctBody, 0x00200052)[0]!;
  for (const uid of valuesOf(rtBody, REFERENCED_SOP_INSTANCE_UID)) map.set(uid, ctSop);
  for (const uid of [...valuesOf(rtBody, 0x00200052), ...valuesOf(rtBody, 0x30060024)])
    map.set(uid, ctFrame);
  const folder = mkdtempSync(join(work, 'rt-'));
  writeFileSync(
    join(folder, 'rtstruct.dcm'),
    rewriteUids(readFileSync(rt), (uid) => map.get(uid)),
  );
  return [ct, join(folder, 'rtstruct.dcm')];
}

const REFERENCE_SETS: ReferenceSet[] = [
  {
    name: 'highdicom SEG and TID 1500 SR on the pydicom CT',
    folders: ['deid-references/highdicom', 'deid-references/pydicom-ct2'],
  },
  { name: 'dcmqi SEG on its 3-slice CT', folders: ['deid-references/dcmqi-23x38x3'] },
  { name: 'Orthanc PR on its CR', folders: ['deid-references/orthanc-cr-pr'] },
  { name: 'Orthanc SR on its MR', folders: ['deid-references/orthanc-sr'] },
  { name: 'RTSTRUCT on its CT', folders: [], files: rtStructOnCt },
];

const REFERENCED_SOP_INSTANCE_UID = 0x00081155;

describe('references between objects survive', () => {
  for (const set of REFERENCE_SETS) {
    it(`${set.name}: every reference that resolved in the input resolves in the output`, async () => {
      const files =
        set.files?.() ??
        set.folders
          .flatMap((folder) => dicomFilesUnder(testData(folder)))
          .filter((file) => !file.endsWith('.txt') && !file.endsWith('.md'));
      const inputs = files.map(parse);
      const inputSops = new Set(
        inputs.flatMap((input) => valuesOf(input.body, 0x00080018).slice(0, 1)),
      );
      const referencedBefore = inputs
        .flatMap((input) => valuesOf(input.body, REFERENCED_SOP_INSTANCE_UID))
        .filter((uid) => inputSops.has(uid));
      expect(referencedBefore.length, 'the set has internal references').toBeGreaterThan(0);

      const { outputFiles } = await pseudonymizeStudy(files, {
        outDir: join(work, `refs-${set.name.replace(/\W/g, '_')}`),
        options: [],
        keys,
      });
      const outputs = outputFiles.map((output) => parseDicomFile(readFileSync(output.path)));
      const outputSops = new Set(outputFiles.map((output) => output.sopInstanceUid));
      const referencedAfter = outputs
        .flatMap((output) => valuesOf(output.body, REFERENCED_SOP_INSTANCE_UID))
        .filter((uid) => outputSops.has(uid));
      expect(referencedAfter.length).toBe(referencedBefore.length);
      // And no original instance UID is left anywhere.
      for (const output of outputFiles) {
        const bytes = readFileSync(output.path);
        for (const uid of inputSops)
          expect(bytes.includes(Buffer.from(uid)), 'original SOP Instance UID left').toBe(false);
      }
      // And each output is as valid as its input (SEG, SR, PR and RTSTRUCT IODs included).
      if (hasDciodvfy) {
        for (const output of outputFiles) {
          const input = files[output.inputIndex]!;
          if (!dciodvfyReads(input)) continue;
          expect(
            newDciodvfyErrors(input, output.path),
            `new dciodvfy errors (input ${output.inputIndex})`,
          ).toEqual([]);
        }
      }
      // Frame of Reference and Study UIDs stay shared where they were shared.
      const distinct = (all: DicomFile[], tag: number): number =>
        new Set(all.flatMap((file) => valuesOf(file.body, tag).slice(0, 1))).size;
      expect(distinct(outputs, 0x0020000d)).toBe(distinct(inputs, 0x0020000d));
      expect(distinct(outputs, 0x00200052)).toBe(distinct(inputs, 0x00200052));
    });
  }
});
