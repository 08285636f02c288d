import {
  appendFile,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLibraryHandlers } from '../../../../main/library/libraryHandlers.js';
import { importStudies } from '../../../../main/library/importStudies.js';
import { LibraryIndexFile } from '../../../../main/library/libraryIndexFile.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');

async function freshDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `mitate-${prefix}-`));
}

/** The library's handlers over a data folder, as the dev host and the Electron shell create them. */
function services(dataDir: string) {
  return createLibraryHandlers({
    info: {
      name: 'Mitate',
      version: 'test',
      host: 'devhost',
      platform: process.platform,
      nativeDialogs: false,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: () => undefined,
  });
}

async function copyMr(into: string, count: number): Promise<string[]> {
  await mkdir(into, { recursive: true });
  const names = (await readdir(MR)).sort().slice(0, count);
  for (const name of names) await copyFile(join(MR, name), join(into, name));
  return names;
}

describe('library index on disk', () => {
  it('survives a restart: same studies, series and instance ids, read back from the data folder', async () => {
    const dataDir = await freshDir('index');
    const first = services(dataDir);
    await first.handlers['library.importPaths']({ paths: [MR] });
    const studies = await first.handlers['library.studies']({});
    const series = await first.handlers['library.series']({ studyId: studies[0]?.id ?? '' });
    await first.dispose();

    // The list is there before the index is rebuilt, and it is the same list.
    expect(await LibraryIndexFile.readStudyList(join(dataDir, 'library'))).toEqual(studies);
    const second = services(dataDir);
    expect(await second.handlers['library.studies']({})).toEqual(studies);
    const again = await second.handlers['library.series']({ studyId: studies[0]?.id ?? '' });
    expect(again).toEqual(series);
    expect(again[0]?.instances).toHaveLength(96);
    // The image URL of each instance resolves to the same file after the restart.
    const instance = second.library.instance(again[0]?.instances[0]?.id ?? '');
    expect(instance?.path).toMatch(/5001001_/);
    expect(await second.handlers['library.interruptedImport']({})).toEqual({ interrupted: false });
    // A clean stop leaves the snapshot only: nothing to replay next time.
    expect(
      (await readdir(join(dataDir, 'library'))).filter((name) => name.startsWith('journal-')),
    ).toEqual([]);
  });

  it('a crash mid-import keeps every instance already journalled, and the resumed import skips them', async () => {
    const dataDir = await freshDir('crash');
    const folder = join(dataDir, 'library');
    const controller = new AbortController();
    /** Stops the import after 30 instances, where a crash would. */
    class InterruptedLibrary extends StudyLibrary {
      override add(...args: Parameters<StudyLibrary['add']>): ReturnType<StudyLibrary['add']> {
        const result = super.add(...args);
        if (this.instanceCount >= 30) controller.abort();
        return result;
      }
    }
    const library = new InterruptedLibrary();
    const index = await LibraryIndexFile.open(folder, library);
    index.importStarted([MR]);
    await importStudies(library, [MR], { signal: controller.signal });
    const indexedBeforeCrash = library.instanceCount;
    expect(indexedBeforeCrash).toBeGreaterThanOrEqual(30);
    expect(indexedBeforeCrash).toBeLessThan(96);
    // The crash: buffered lines reach the disk on their timer, then the process is gone —
    // no importFinished, no snapshot.
    await index.flush();

    // The quick list cannot tell what the journal added: the full index must load first.
    expect(await LibraryIndexFile.readStudyList(folder)).toBeUndefined();
    const after = services(dataDir);
    expect(await after.handlers['library.studies']({})).toHaveLength(1);
    expect(await after.handlers['library.interruptedImport']({})).toEqual({ interrupted: true });
    expect(after.library.instanceCount).toBe(indexedBeforeCrash);
    const resumed = await after.handlers['library.resumeImport']({});
    expect(resumed.instancesAdded).toBe(96 - indexedBeforeCrash);
    expect(resumed.duplicates).toBe(indexedBeforeCrash);
    expect(after.library.instanceCount).toBe(96);
    expect(await after.handlers['library.interruptedImport']({})).toEqual({ interrupted: false });
    await after.dispose();
  });

  it('a journal line cut off by a crash loses only that line', async () => {
    const dataDir = await freshDir('torn');
    const folder = join(dataDir, 'library');
    const library = new StudyLibrary();
    const index = await LibraryIndexFile.open(folder, library);
    await importStudies(library, [MR], { signal: new AbortController().signal });
    await index.flush();
    const journal = (await readdir(folder)).find((name) => name.startsWith('journal-')) ?? '';
    await appendFile(join(folder, journal), '{"op":"add","path":"/half-writ');

    const reopened = new StudyLibrary();
    await (await LibraryIndexFile.open(folder, reopened)).close();
    expect(reopened.instanceCount).toBe(96);
    // Folded into a new snapshot at once, so the torn line is never appended to.
    expect((await readdir(folder)).filter((name) => name.startsWith('journal-'))).toEqual([]);
  });

  it('clearing survives a restart, and removes the copies of dropped files', async () => {
    const dataDir = await freshDir('clear');
    const first = services(dataDir);
    const bytes = new Uint8Array(await readFile(join(MR, (await readdir(MR)).sort()[0] ?? '')));
    await first.handlers['library.importFiles']({ files: [{ name: 'dropped.dcm', bytes }] });
    expect(await readdir(join(dataDir, 'dropped'))).toHaveLength(1);
    await first.handlers['library.clear']({});
    await first.dispose();
    expect(await readdir(dataDir)).not.toContain('dropped');
    const second = services(dataDir);
    expect(await second.handlers['library.studies']({})).toEqual([]);
  });

  it('a damaged index file is kept aside and the library starts empty instead of failing', async () => {
    const dataDir = await freshDir('damaged');
    await mkdir(join(dataDir, 'library'));
    await writeFile(
      join(dataDir, 'library', 'index-3.json'),
      '{"format":"mitate-library-index","version":1,"gen',
    );
    const library = services(dataDir);
    expect(await library.handlers['library.studies']({})).toEqual([]);
    expect(
      (await readdir(join(dataDir, 'library'))).some((name) => name.startsWith('damaged-')),
    ).toBe(true);
  });
});

describe('moved, deleted and duplicate files', () => {
  it('tells how many files of a study are gone, leaves them out, and links them again when found elsewhere', async () => {
    const dataDir = await freshDir('moved');
    // The images live outside the data folder: main refuses to import from its own data folder.
    const disks = await freshDir('moved-disks');
    const original = join(disks, 'disk-a');
    const names = await copyMr(original, 6);
    const library = services(dataDir);
    const [study] = (await library.handlers['library.importPaths']({ paths: [original] })).studies;

    const moved = join(disks, 'disk-b');
    await mkdir(moved);
    for (const name of names.slice(0, 2)) await rename(join(original, name), join(moved, name));
    const [series] = await library.handlers['library.series']({ studyId: study?.id ?? '' });
    expect(series?.missingFiles).toBe(2);
    expect(series?.instances).toHaveLength(4);
    expect(series?.imageCount).toBe(4);

    const report = await library.handlers['library.importPaths']({ paths: [moved] });
    expect(report).toMatchObject({ relinked: 2, instancesAdded: 0, duplicates: 0 });
    const [found] = await library.handlers['library.series']({ studyId: study?.id ?? '' });
    expect(found).toMatchObject({ missingFiles: 0, imageCount: 6 });
    expect(library.library.instance(found?.instances[0]?.id ?? '')?.path).toContain('disk-b');
  });

  it('keeps one copy when the same instance is in two folders, as long as the first is still there', async () => {
    const dataDir = await freshDir('dup');
    const disks = await freshDir('dup-disks');
    await copyMr(join(disks, 'a'), 3);
    await copyMr(join(disks, 'b'), 3);
    const library = services(dataDir);
    const report = await library.handlers['library.importPaths']({
      paths: [join(disks, 'a'), join(disks, 'b')],
    });
    expect(report).toMatchObject({ filesSeen: 6, instancesAdded: 3, duplicates: 3, relinked: 0 });
  });
});
