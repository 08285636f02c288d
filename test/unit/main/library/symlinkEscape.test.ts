import { copyFile, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const MEDIA = testData('dicomdir-pydicom');
const MR = testData('mr-head-t1-siemens-xa30-classic');
const run = (library: StudyLibrary, paths: string[]) =>
  importStudies(library, paths, { signal: new AbortController().signal });

/**
 * A hostile medium (a CD, a USB stick, a shared folder) whose links and DICOMDIR lead out of the
 * folder the doctor chose, to files elsewhere on the workstation.
 */
describe('links and references out of the chosen folder', () => {
  it('a DICOMDIR whose folder is a link to elsewhere: the files behind it are refused', async () => {
    const chosen = await mkdtemp(join(tmpdir(), 'mitate-medium-'));
    await copyFile(join(MEDIA, 'DICOMDIR'), join(chosen, 'DICOMDIR'));
    // The DICOMDIR names 77654033\…, 98892001\…, 98892003\…: each is a link out of the medium.
    for (const name of ['77654033', '98892001', '98892003'])
      await symlink(join(MEDIA, name), join(chosen, name));
    const library = new StudyLibrary();
    const report = await run(library, [join(chosen, 'DICOMDIR')]);
    expect(report.instancesAdded).toBe(0);
    expect(library.instanceCount).toBe(0);
    expect(report.refused).toHaveLength(31);
    expect(new Set(report.refused.map((entry) => entry.reason))).toEqual(
      new Set(['outside-folder']),
    );
  });

  it('a folder with links to a file and a folder elsewhere: neither is read, both are reported', async () => {
    const chosen = await mkdtemp(join(tmpdir(), 'mitate-medium-'));
    const [first, second] = (await readdir(MR)).sort();
    await copyFile(join(MR, first ?? ''), join(chosen, 'IM0'));
    await symlink(join(MR, second ?? ''), join(chosen, 'elsewhere.dcm'));
    await symlink(MEDIA, join(chosen, 'elsewhere'));
    // A link that stays inside the chosen folder is simply not followed (its target is read anyway).
    await symlink(join(chosen, 'IM0'), join(chosen, 'inside.dcm'));
    const report = await run(new StudyLibrary(), [chosen]);
    expect(report.instancesAdded).toBe(1);
    expect(report.refused).toEqual([
      { name: 'elsewhere', reason: 'outside-folder' },
      { name: 'elsewhere.dcm', reason: 'outside-folder' },
    ]);
  });

  it('a DICOMDIR on a medium reached through a link the doctor chose is read as usual', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'mitate-medium-'));
    await symlink(MEDIA, join(parent, 'cdrom'));
    const report = await run(new StudyLibrary(), [join(parent, 'cdrom', 'DICOMDIR')]);
    expect(report).toMatchObject({ instancesAdded: 31, refused: [] });
    const folder = await run(new StudyLibrary(), [join(parent, 'cdrom')]);
    expect(folder.instancesAdded).toBe(31);
  });
});
