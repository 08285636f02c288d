import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');

/** Hostile archives, written by Python's zipfile as an attacker's tool would write them. */
function makeZip(target: string, script: string): void {
  execFileSync('python3', [
    '-c',
    `import zipfile, os, sys, struct\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n${script}\nz.close()`,
    target,
  ]);
}

function run(python: string): void {
  execFileSync('python3', ['-c', python]);
}

async function setUp(): Promise<{ dir: string; archiveRoot: string; names: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-zipbomb-'));
  return { dir, archiveRoot: join(dir, 'archives'), names: (await readdir(MR)).sort() };
}

/** Everything under the archive root: no extraction folder, no `.partial` left behind. */
async function leftIn(archiveRoot: string): Promise<string[]> {
  return readdir(archiveRoot).catch(() => []);
}

const signal = (): AbortSignal => new AbortController().signal;

describe('hostile zip archives', () => {
  it('an entry that inflates more than 200:1 (a zip bomb) is refused and its bytes removed', async () => {
    const { dir, archiveRoot, names } = await setUp();
    makeZip(
      join(dir, 'bomb.zip'),
      [
        `z.write(${JSON.stringify(join(MR, names[0] ?? ''))}, 'STUDY/IM0')`,
        // 64 MiB of zeros is about 64 KiB deflated: 1000:1.
        `z.writestr('STUDY/bomb.dcm', b'\\0' * (64 << 20))`,
      ].join('\n'),
    );
    expect((await stat(join(dir, 'bomb.zip'))).size).toBeLessThan(1 << 20);
    const report = await importStudies(new StudyLibrary(), [join(dir, 'bomb.zip')], {
      signal: signal(),
      archiveRoot,
    });
    expect(report.refused).toEqual([{ name: 'bomb.dcm', reason: 'compression-ratio' }]);
    expect(report.instancesAdded).toBe(1);
    const [folder] = (await leftIn(archiveRoot)).filter((name) => !name.endsWith('.json'));
    // Entries are stored flat under their position in the archive: STUDY/IM0 is the first.
    expect(await readdir(join(archiveRoot, folder ?? ''))).toEqual(['1']);
  });

  it('an archive larger in total than the limit is refused whole and nothing stays on disk', async () => {
    const { dir, archiveRoot, names } = await setUp();
    makeZip(
      join(dir, 'big.zip'),
      names
        .slice(0, 4)
        .map((name, i) => `z.write(${JSON.stringify(join(MR, name))}, 'IM${i}')`)
        .join('\n'),
    );
    const report = await importStudies(new StudyLibrary(), [join(dir, 'big.zip')], {
      signal: signal(),
      archiveRoot,
      archiveLimits: { maxTotalBytes: 300_000 },
    });
    expect(report.refused).toEqual([{ name: 'big.zip', reason: 'too-large' }]);
    expect(report.instancesAdded).toBe(0);
    expect(await leftIn(archiveRoot)).toEqual([]);
  });

  it('an entry inflating past the size it declares is cut off and refused, whatever it said', async () => {
    const { dir, archiveRoot } = await setUp();
    const zip = join(dir, 'liar.zip');
    // 2 MiB of random bytes (a ratio near 1:1); the central directory then says 10 bytes.
    makeZip(zip, `z.writestr('big.dcm', os.urandom(2 << 20))`);
    run(
      `d = bytearray(open(${JSON.stringify(zip)}, 'rb').read()); i = d.find(b'PK\\x01\\x02'); d[i+24:i+28] = (10).to_bytes(4, 'little'); open(${JSON.stringify(zip)}, 'wb').write(d)`,
    );
    const report = await importStudies(new StudyLibrary(), [zip], {
      signal: signal(),
      archiveRoot,
    });
    expect(report.refused).toEqual([{ name: 'big.dcm', reason: 'corrupt' }]);
    expect(report.broken).toEqual([]);
    const left = await leftIn(archiveRoot);
    expect(left.filter((name) => name.endsWith('.partial'))).toEqual([]);
    const [folder] = left.filter((name) => !name.endsWith('.json'));
    expect(await readdir(join(archiveRoot, folder ?? ''))).toEqual([]);
  });

  it('more entries than the limit: refused before anything is extracted', async () => {
    const { dir, archiveRoot } = await setUp();
    makeZip(join(dir, 'many.zip'), `for i in range(50001): z.writestr(f'E{i}', b'')`);
    const started = Date.now();
    const report = await importStudies(new StudyLibrary(), [join(dir, 'many.zip')], {
      signal: signal(),
      archiveRoot,
    });
    expect(report.refused).toEqual([{ name: 'many.zip', reason: 'too-many-entries' }]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await leftIn(archiveRoot)).toEqual([]);
  }, 60_000);

  it('a corrupt entry is refused, its file and the partial folder removed, the rest imported', async () => {
    const { dir, archiveRoot, names } = await setUp();
    const zip = join(dir, 'corrupt.zip');
    makeZip(
      zip,
      [
        `z.write(${JSON.stringify(join(MR, names[0] ?? ''))}, 'IM0')`,
        `z.write(${JSON.stringify(join(MR, names[1] ?? ''))}, 'IM1')`,
      ].join('\n'),
    );
    // The first entry's central directory record says it inflates to 100 bytes: it lies.
    run(
      `d = bytearray(open(${JSON.stringify(zip)}, 'rb').read()); i = d.find(b'PK\\x01\\x02'); d[i+24:i+28] = (100).to_bytes(4, 'little'); open(${JSON.stringify(zip)}, 'wb').write(d)`,
    );
    const report = await importStudies(new StudyLibrary(), [zip], {
      signal: signal(),
      archiveRoot,
    });
    expect(report.refused).toEqual([{ name: 'IM0', reason: 'corrupt' }]);
    expect(report.instancesAdded).toBe(1);
    const left = await leftIn(archiveRoot);
    expect(left.filter((name) => name.endsWith('.partial'))).toEqual([]);
    const [folder] = left.filter((name) => !name.endsWith('.json'));
    // Entries are stored flat under their position in the archive: IM1 is the second.
    expect(await readdir(join(archiveRoot, folder ?? ''))).toEqual(['2']);
  });
});
