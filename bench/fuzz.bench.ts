// Fuzz corpus figures: each reader's worst time per MB over the fuzz corpus (the kept files in
// test/data/fuzz/<reader>/ and 300 cases generated from a fixed seed), next to its typical time
// per MB on real files of that kind (the 96-slice MR, a DICOMDIR, a TID 1500 SR, a SEG, the MR
// as multipart/related and as a zip). One JSON line per figure:
//   fuzz.<reader>.worst_ms_per_mb     inputs under 64 KiB are counted as 64 KiB: below that the
//                                     fixed cost of one call (a file written, opened) decides
//   fuzz.<reader>.typical_ms_per_mb
// Each input is read until 5 ms have passed, so small inputs are timed over several reads.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as readersModule from '../test/support/fuzz/fuzzReaders.js';
import type * as randomModule from '../test/unit/main/seededRandom.js';
import type { BenchContext } from './figures.ts';

type FuzzInput = readersModule.FuzzInput;
type FuzzReader = readersModule.FuzzReader;

const GENERATED = 300;
const SMALLEST_COUNTED = 64 * 1024;

async function load(root: string): Promise<typeof readersModule & typeof randomModule> {
  const outdir = join(root, 'node_modules/.cache/mitate-fuzz-bench');
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: {
      readers: join(root, 'test/support/fuzz/fuzzReaders.ts'),
      random: join(root, 'test/unit/main/seededRandom.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    ...(await import(pathToFileURL(join(outdir, 'readers.js')).href)),
    ...(await import(pathToFileURL(join(outdir, 'random.js')).href)),
  };
}

/** Milliseconds one read of `input` takes, from as many reads as fit in 5 ms. */
async function timeRead(
  reader: FuzzReader,
  input: FuzzInput,
  work: string,
  empty: (folder: string) => Promise<void>,
): Promise<number> {
  let reads = 0;
  let spent = 0;
  while (spent < 5 || reads === 0) {
    await empty(work);
    const started = performance.now();
    await reader.read(input, work).catch(() => undefined);
    spent += performance.now() - started;
    reads++;
  }
  return spent / reads;
}

/** Real inputs of each reader's kind. */
async function typicalInputs(root: string, work: string): Promise<Record<string, FuzzInput[]>> {
  const data = (path: string) => join(root, 'test/data', path);
  const mrFolder = data('mr-head-t1-siemens-xa30-classic');
  const mrNames = (await readdir(mrFolder)).filter((name) => name.endsWith('.dcm')).sort();
  const mr = await Promise.all(mrNames.slice(0, 24).map((name) => readFile(join(mrFolder, name))));
  const boundary = 'mitate-bench-boundary';
  const multipart = Buffer.concat([
    ...mr.flatMap((body) => [
      Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      body,
    ]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const zipPath = join(work, 'mr.zip');
  spawnSync('python3', [
    '-c',
    'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n  for p in sys.argv[2:]: z.write(p, p.rsplit("/", 1)[-1])',
    zipPath,
    ...mrNames.slice(0, 24).map((name) => join(mrFolder, name)),
  ]);
  const one = async (path: string): Promise<FuzzInput[]> => [{ bytes: await readFile(path) }];
  return {
    dataset: mr.map((bytes) => ({ bytes })),
    header: mr.map((bytes) => ({ bytes })),
    dicomdir: await one(data('dicomdir-pydicom/DICOMDIR')),
    multipart: [
      {
        bytes: multipart,
        contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
      },
    ],
    sr: await one(data('sr-tid1500-dcmqi-pet/sr.dcm')),
    seg: [
      ...(await one(data('seg-ct-dcmqi/liver.dcm'))),
      ...(await one(data('seg-ct-dcmqi/partial_overlaps.dcm'))),
    ],
    zip: await readFile(zipPath).then(
      (bytes) => [{ bytes }],
      () => [],
    ),
  };
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const { FUZZ_READERS, emptyFolder, seededRandom } = await load(root);
  const work = await mkdtemp(join(tmpdir(), 'mitate-fuzz-bench-'));
  const scratch = join(work, 'read');
  try {
    const typical = await typicalInputs(root, work);
    for (const reader of FUZZ_READERS) {
      const random = seededRandom(20261208);
      const folder = join(root, 'test/data/fuzz', reader.name);
      const kept = await readdir(folder).catch(() => [] as string[]);
      const corpus: FuzzInput[] = [];
      for (const name of kept.filter((entry) => !entry.endsWith('.md'))) {
        const bytes = await readFile(join(folder, name));
        if (reader.name !== 'multipart') corpus.push({ bytes });
        else {
          const newline = bytes.indexOf(0x0a);
          corpus.push({
            contentType: bytes.subarray(0, newline).toString('latin1'),
            bytes: bytes.subarray(newline + 1),
          });
        }
      }
      for (let index = 0; index < GENERATED; index++) corpus.push(reader.generate(random));
      let worst = 0;
      let worstMs = 0;
      for (const input of corpus) {
        const ms = await timeRead(reader, input, scratch, emptyFolder);
        worstMs = Math.max(worstMs, ms);
        worst = Math.max(worst, ms / (Math.max(input.bytes.length, SMALLEST_COUNTED) / 1e6));
      }
      print(`fuzz.${reader.name}.worst_ms_per_mb`, worst, 'ms/MB', {
        cases: corpus.length,
        worst_case_ms: Number(worstMs.toFixed(2)),
        note: 'inputs under 64 KiB counted as 64 KiB',
      });
      const real = typical[reader.name] ?? [];
      let ms = 0;
      let bytes = 0;
      for (const input of real) {
        ms += await timeRead(reader, input, scratch, emptyFolder);
        bytes += input.bytes.length;
      }
      if (bytes > 0)
        print(`fuzz.${reader.name}.typical_ms_per_mb`, ms / (bytes / 1e6), 'ms/MB', {
          files: real.length,
          megabytes: Number((bytes / 1e6).toFixed(1)),
        });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
