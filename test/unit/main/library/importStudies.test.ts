import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../preload/contract/index.js';
import { HandlerError } from '../../../../main/errors/index.js';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const run = (library: StudyLibrary, paths: string[], onProgress?: (p: ImportProgress) => void) =>
  importStudies(library, paths, { signal: new AbortController().signal, onProgress });

describe('importStudies', () => {
  it('imports the 96-slice MR as one study with one series in instance order', async () => {
    const library = new StudyLibrary();
    const progress: ImportProgress[] = [];
    const report = await run(library, [MR], (p) => progress.push(p));
    expect(report).toMatchObject({
      filesSeen: 96,
      instancesAdded: 96,
      duplicates: 0,
      notDicom: 0,
      broken: [],
      cancelled: false,
    });
    expect(report.studies).toHaveLength(1);
    expect(report.studies[0]).toMatchObject({
      patientId: '999',
      seriesCount: 1,
      imageCount: 96,
      modalities: ['MR'],
    });
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 96, total: 96 });
    const [series] = library.series(report.studies[0]?.id ?? '') ?? [];
    expect(series?.instances).toHaveLength(96);
    // Instance Number order, not file-name order: the path of the 1st and 96th instance.
    const paths = series?.instances.map((instance) => library.instance(instance.id)?.path ?? '');
    expect(paths?.[0]).toMatch(/5001001_/);
    expect(paths?.[95]).toMatch(/5001096_/);
  });

  it('keeps one copy of each SOP instance when the same files come twice', async () => {
    const library = new StudyLibrary();
    await run(library, [MR]);
    const again = await run(library, [MR]);
    expect(again).toMatchObject({ instancesAdded: 0, duplicates: 96 });
    expect(library.studies()[0]?.imageCount).toBe(96);
  });

  it('skips non-DICOM files, lists broken ones by name and reason, and keeps going', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-'));
    const [first, second] = (await readdir(MR)).sort();
    await copyFile(join(MR, first ?? ''), join(dir, 'good.dcm'));
    await writeFile(
      join(dir, 'cut.dcm'),
      (await readFile(join(MR, second ?? ''))).subarray(0, 3000),
    );
    await writeFile(join(dir, 'readme.txt'), 'hello');
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    const report = await run(new StudyLibrary(), [dir]);
    expect(report).toMatchObject({
      filesSeen: 4,
      instancesAdded: 1,
      notDicom: 2,
      broken: [{ name: 'cut.dcm', reason: 'truncated' }],
    });
  });

  it('reports an empty folder as nothing found, not as an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-'));
    const report = await run(new StudyLibrary(), [dir]);
    expect(report).toMatchObject({ filesSeen: 0, instancesAdded: 0, studies: [] });
  });

  it('refuses a path that does not exist with a typed error and no path in it', async () => {
    const missing = join(tmpdir(), 'mitate-does-not-exist', 'Yamada_Taro');
    const error = await run(new StudyLibrary(), [missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerError);
    expect((error as HandlerError).code).toBe('path_not_found');
    expect(String((error as HandlerError).message)).not.toContain('Yamada');
  });

  it('stops when cancelled and keeps what was indexed', async () => {
    const library = new StudyLibrary();
    const controller = new AbortController();
    const report = await importStudies(library, [MR], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'listing') controller.abort();
      },
    });
    expect(report.cancelled).toBe(true);
    expect(report.instancesAdded).toBeLessThan(96);
  });
});
