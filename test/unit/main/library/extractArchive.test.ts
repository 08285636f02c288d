import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');

/**
 * Archives are written by Python's zipfile (python3 is a system need of the test run): unlike
 * the zip tools, it writes entry names exactly as given, "../" and leading "/" included, and
 * lets a test mark an entry as a Unix symbolic link.
 */
function makeZip(target: string, script: string): void {
  execFileSync('python3', [
    '-c',
    `import zipfile, os, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n${script}\nz.close()`,
    target,
  ]);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('zip archives', () => {
  it('imports the images inside, and refuses entries that escape the folder, absolute paths and symlinks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-zip-'));
    const archiveRoot = join(dir, 'archives');
    const names = (await readdir(MR)).sort().slice(0, 3);
    makeZip(
      join(dir, 'study.zip'),
      [
        ...names.map((name, i) => `z.write(${JSON.stringify(join(MR, name))}, 'STUDY/SE1/IM${i}')`),
        `z.write(${JSON.stringify(join(MR, names[0] ?? ''))}, '../../escaped.dcm')`,
        `z.writestr('/tmp/absolute.dcm', open(${JSON.stringify(join(MR, names[1] ?? ''))}, 'rb').read())`,
        `z.writestr('C:\\\\Windows\\\\drive.dcm', b'x')`,
        `z.writestr('STUDY\\\\..\\\\..\\\\backslash.dcm', b'x')`,
        `i = zipfile.ZipInfo('STUDY/link.dcm'); i.create_system = 3; i.external_attr = 0o120777 << 16; z.writestr(i, '/etc/passwd')`,
        `z.writestr('README.txt', b'not dicom')`,
      ].join('\n'),
    );
    const library = new StudyLibrary();
    const report = await importStudies(library, [join(dir, 'study.zip')], {
      signal: new AbortController().signal,
      archiveRoot,
    });
    expect(report).toMatchObject({ instancesAdded: 3, notDicom: 1, broken: [], cancelled: false });
    expect(report.refused).toEqual([
      { name: 'escaped.dcm', reason: 'path-escape' },
      { name: 'absolute.dcm', reason: 'absolute-path' },
      { name: 'drive.dcm', reason: 'absolute-path' },
      { name: 'backslash.dcm', reason: 'path-escape' },
      { name: 'link.dcm', reason: 'symlink' },
    ]);
    // Nothing was written outside the archive folder.
    expect(await exists(join(dir, 'escaped.dcm'))).toBe(false);
    expect(await exists(join(tmpdir(), 'escaped.dcm'))).toBe(false);
    expect(await exists(join(archiveRoot, 'backslash.dcm'))).toBe(false);
    // Indexed files are the extracted copies, inside the archive folder.
    expect(library.instances().every((instance) => instance.path.startsWith(archiveRoot))).toBe(
      true,
    );

    // The same archive again: the extraction is reused and every image is a duplicate.
    const again = await importStudies(library, [join(dir, 'study.zip')], {
      signal: new AbortController().signal,
      archiveRoot,
    });
    expect(again).toMatchObject({ instancesAdded: 0, duplicates: 3 });
    expect((await readdir(archiveRoot)).filter((name) => !name.endsWith('.json'))).toHaveLength(1);
  });

  it('a zip inside a folder, next to loose files, is opened too; a damaged zip is listed as unreadable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-zip-'));
    const [first, second] = (await readdir(MR)).sort();
    makeZip(join(dir, 'inner.zip'), `z.write(${JSON.stringify(join(MR, first ?? ''))}, 'a.dcm')`);
    execFileSync('cp', [join(MR, second ?? ''), join(dir, 'loose.dcm')]);
    execFileSync('python3', [
      '-c',
      `open(${JSON.stringify(join(dir, 'broken.zip'))}, 'wb').write(b'PK\\x03\\x04' + b'\\x00' * 40)`,
    ]);
    const report = await importStudies(new StudyLibrary(), [dir], {
      signal: new AbortController().signal,
      archiveRoot: join(dir, '.archives'),
    });
    expect(report.instancesAdded).toBe(2);
    expect(report.broken).toEqual([{ name: 'broken.zip', reason: 'unreadable' }]);
  });
});
