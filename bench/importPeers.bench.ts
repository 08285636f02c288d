// Import beside GDCM's gdcmscanner reading the same attributes of the same files (`node bench/run.ts importPeers`):
//   import.cold_vs_gdcmscanner   each a cold process on one folder (the test data's images, with
//                                new UIDs per copy: 176 and 1,760 files); ours is the app's
//                                importStudies in a fresh Node process (bench/import/coldImport.ts),
//                                gdcmscanner -r with the tags the library indexes. Alternating,
//                                median and minimum of 5 runs, ratio (bench/peers.ts)
// dicomdir-pydicom is left out: gdcmscanner 3.0 aborts on one of its files.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type * as uidCopiesModule from './import/uidCopies.ts';
import type { BenchContext } from './figures.ts';
import { compareCold } from './peers.ts';

/** What readHeader reads (main/dicom/readHeader.ts), as gdcmscanner tags. */
const INDEXED_TAGS = [
  '0002,0002',
  '0002,0010',
  '0008,0005',
  '0008,0016',
  '0008,0018',
  '0008,0020',
  '0008,0030',
  '0008,0050',
  '0008,0060',
  '0008,1030',
  '0008,103e',
  '0010,0010',
  '0010,0020',
  '0010,0030',
  '0018,0015',
  '0018,0024',
  '0020,000d',
  '0020,000e',
  '0020,0011',
  '0020,0013',
  '0028,0008',
  '0028,0010',
  '0028,0011',
];
const LEFT_OUT = new Set(['dicomdir-pydicom', 'policy']);

async function bundle(root: string): Promise<typeof uidCopiesModule> {
  const outdir = join(root, 'dist/bench/import');
  await build({
    entryPoints: {
      coldImport: join(root, 'bench/import/coldImport.ts'),
      uidCopies: join(root, 'bench/import/uidCopies.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(join(outdir, 'uidCopies.js'));
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  if (spawnSync('gdcmscanner', ['--version']).error !== undefined) {
    print('import.cold_vs_gdcmscanner', 0, 'x', { skipped: 'gdcmscanner is not installed' });
    return;
  }
  const { writeUidCopies, filesUnder } = await bundle(root);
  const data = join(root, 'test/data');
  const sources = (await readdir(data, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !LEFT_OUT.has(entry.name))
    .map((entry) => join(data, entry.name));
  const perCopy = (await Promise.all(sources.map((source) => filesUnder(source)))).flat().length;
  const work = await mkdtemp(join(tmpdir(), 'mitate-bench-import-'));
  try {
    for (const copies of [1, 10]) {
      const folder = join(work, `x${copies}`);
      const files = await writeUidCopies(sources, folder, perCopy * copies);
      await compareCold(print, {
        name: 'import.cold_vs_gdcmscanner',
        input: `test data x${copies}, new UIDs`,
        files,
        ours: {
          tool: 'mitate',
          command: process.execPath,
          args: [join(root, 'dist/bench/import/coldImport.js'), folder],
        },
        peer: {
          tool: 'gdcmscanner',
          command: 'gdcmscanner',
          args: ['-r', '-d', folder, ...INDEXED_TAGS.flatMap((tag) => ['-t', tag])],
        },
      });
      await rm(folder, { recursive: true, force: true });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
