// Broken input never crashes the engine and never leaves a half-written output: truncated files,
// non-DICOM files and empty files are excluded with a reason code (no name, no path).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pseudonymizeStudy, PseudonymizeError } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { testData } from '../../../support/paths.js';

const work = mkdtempSync(join(tmpdir(), 'mitate-deid-bad-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const keys = createPseudonymKeys(Buffer.alloc(32, 1));

describe('bad input', () => {
  it('truncated, non-DICOM and empty files are excluded with a reason; good files still go through', async () => {
    const good = join(testData('deid-phi/pydicom'), 'CT_small.dcm');
    const bytes = readFileSync(good);
    const cuts = [200, 1000, bytes.length - 100];
    const files = cuts.map((cut, index) => {
      const path = join(work, `truncated-${index}.dcm`);
      writeFileSync(path, bytes.subarray(0, cut));
      return path;
    });
    writeFileSync(join(work, 'notes.txt'), 'Patient DOE^JOHN, ID 12345');
    writeFileSync(join(work, 'empty.dcm'), '');
    const out = join(work, 'out');
    const { outputFiles, report } = await pseudonymizeStudy(
      [...files, join(work, 'notes.txt'), join(work, 'empty.dcm'), good],
      { outDir: out, options: [], keys },
    );
    expect(outputFiles.map((file) => file.inputIndex)).toEqual([5]);
    expect(report.excluded).toEqual([
      { inputIndex: 0, reason: 'unreadable' },
      { inputIndex: 1, reason: 'unreadable' },
      { inputIndex: 2, reason: 'unreadable' },
      { inputIndex: 3, reason: 'notDicom' },
      { inputIndex: 4, reason: 'notDicom' },
    ]);
    // Nothing but the one good output, and no temporary file left behind.
    const written = readdirSync(out, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(written.map((entry) => entry.name)).toEqual([`${outputFiles[0]!.sopInstanceUid}.dcm`]);
  });

  it('refuses to write into its own input, and to run on nothing', async () => {
    const input = testData('deid-references/orthanc-cr-pr');
    const files = readdirSync(input).map((name) => join(input, name));
    await expect(
      pseudonymizeStudy(files, { outDir: join(files[0]!, 'x'), options: [], keys }),
    ).rejects.toThrow(PseudonymizeError);
    await expect(pseudonymizeStudy([], { outDir: work, options: [], keys })).rejects.toThrow(
      'noInput',
    );
    expect(existsSync(join(files[0]!, 'x'))).toBe(false);
  });
});
