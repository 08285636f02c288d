import { cp, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicomdirReferences } from '../../../../main/dicom/dicomdirReferences.js';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const MEDIA = testData('dicomdir-pydicom');
const run = (library: StudyLibrary, paths: string[]) =>
  importStudies(library, paths, { signal: new AbortController().signal });

describe('DICOMDIR media', () => {
  // Every variant indexes the same 31 images of 3 patients, whatever its encoding or record order.
  for (const variant of [
    'DICOMDIR',
    'DICOMDIR-bigEnd',
    'DICOMDIR-implicit',
    'DICOMDIR-reordered',
    'DICOMDIR-nooffset',
    'DICOMDIR-nopatient',
  ]) {
    it(`${variant}: opening the DICOMDIR file alone imports the 31 images it references`, async () => {
      expect(await readDicomdirReferences(join(MEDIA, variant))).toHaveLength(31);
      const library = new StudyLibrary();
      const report = await run(library, [join(MEDIA, variant)]);
      expect(report).toMatchObject({
        filesSeen: 32,
        instancesAdded: 31,
        broken: [],
        notDicom: 0,
        cancelled: false,
      });
      // The images' own Patient IDs (checked with dcmdump): two folders hold the same patient.
      expect(new Set(report.studies.map((study) => study.patientId))).toEqual(
        new Set(['77654033', '98890234']),
      );
      expect(report.studies).toHaveLength(6);
      expect(library.instanceCount).toBe(31);
    });
  }

  it('an empty DICOMDIR imports nothing and says so without an error', async () => {
    const report = await run(new StudyLibrary(), [join(MEDIA, 'DICOMDIR-empty.dcm')]);
    expect(report).toMatchObject({ filesSeen: 1, instancesAdded: 0, broken: [], studies: [] });
  });

  it('TINY_ALPHA: alphanumeric file IDs resolve; its 50 instances carry no pixel data and are counted, not shown', async () => {
    expect(await readDicomdirReferences(join(MEDIA, 'TINY_ALPHA', 'DICOMDIR'))).toHaveLength(50);
    const report = await run(new StudyLibrary(), [join(MEDIA, 'TINY_ALPHA', 'DICOMDIR')]);
    expect(report).toMatchObject({
      filesSeen: 51,
      instancesAdded: 0,
      withoutImages: 50,
      broken: [],
    });
  });

  it('the whole medium as a folder: seven DICOMDIRs naming the same files still index each image once', async () => {
    const library = new StudyLibrary();
    const report = await run(library, [MEDIA]);
    expect(report.instancesAdded).toBe(31);
    expect(report.duplicates).toBe(0);
    expect(report.broken).toEqual([]);
    expect(library.instanceCount).toBe(31);
  });

  it('file IDs match ignoring case (media copied through case-changing file systems), and a missing file is listed by base name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-dicomdir-'));
    await cp(MEDIA, dir, { recursive: true });
    const folder = join(dir, '98892003', 'MR700');
    for (const name of await readdir(folder))
      await rename(join(folder, name), join(folder, name.toLowerCase()));
    await rename(join(dir, '98892003', 'MR700'), join(dir, '98892003', 'mr700'));
    await rm(join(dir, '77654033', 'CR1', '6154'));
    const report = await run(new StudyLibrary(), [join(dir, 'DICOMDIR')]);
    expect(report.instancesAdded).toBe(30);
    expect(report.broken).toEqual([{ name: '6154', reason: 'missing' }]);
  });
});
