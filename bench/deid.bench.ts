// Pseudonymization benchmark, ours and gdcmanon (GDCM's PS3.15 E.1 basic profile) side by side:
//   deid.cold_vs_gdcmanon   `mitate deid` (the installed bin, bin/mitate.mjs, not through npx) and
//                           `gdcmanon`, each a cold process on the same folder, writing its output
//                           files: one file, the 96-slice MR, 960 instances (the MR ten times, new
//                           UIDs); alternating, median and minimum of 5 runs, ratio (bench/peers.ts)
//   deid.leaks                         identifiers left in the output bytes on test/data/deid-phi, per tool
//   deid.peak_rss_mb                   peak RSS pseudonymizing a 2 GB study generated here (then deleted)
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as engineModule from './deid/engine.ts';
import type { BenchContext } from './figures.ts';
import type { Comparison } from './peers.ts';

async function bundle(root: string): Promise<typeof engineModule> {
  const outdir = join(root, 'dist/bench/deid');
  await build({
    entryPoints: { engine: join(root, 'bench/deid/engine.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(join(outdir, 'engine.js')).href);
}

async function listFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

async function bytesOf(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  return total;
}

function gdcmanon(certificate: string, input: string, output: string): boolean {
  const result = spawnSync(
    'gdcmanon',
    ['-e', '-c', certificate, '-i', input, '-o', output, '-r', '--continue'],
    { encoding: 'utf8' },
  );
  return result.status === 0;
}

/**
 * Both commands cold, in one keychain session (test/support/with-keyring.sh) shared by the whole
 * comparison, so neither side pays for starting one. Without a Secret Service the command exits
 * 3 and the figure says why it is missing.
 */
function coldComparisons(
  root: string,
  work: string,
  certificate: string,
  inputs: readonly { label: string; folder: string; files: number }[],
): void {
  const comparisons: Comparison[] = inputs.map(({ label, folder, files }) => ({
    name: 'deid.cold_vs_gdcmanon',
    input: label,
    files,
    ours: {
      tool: 'mitate',
      command: process.execPath,
      args: [
        join(root, 'bin/mitate.mjs'),
        'deid',
        folder,
        '--out',
        join(work, `ours-${label}`),
        '--data-dir',
        join(work, 'data'),
      ],
      output: join(work, `ours-${label}`),
    },
    peer: {
      tool: 'gdcmanon',
      command: 'gdcmanon',
      args: [
        '-e',
        '-c',
        certificate,
        '-i',
        folder,
        '-o',
        join(work, `gdcm-${label}`),
        '-r',
        '--continue',
      ],
      output: join(work, `gdcm-${label}`),
    },
  }));
  const result = spawnSync(
    join(root, 'test/support/with-keyring.sh'),
    [process.execPath, join(root, 'bench/deid/coldCompare.ts'), JSON.stringify(comparisons)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const line of result.stdout.split('\n')) if (line.startsWith('{')) console.log(line);
  if (result.status !== 0)
    console.log(
      JSON.stringify({
        name: 'deid.cold_vs_gdcmanon',
        skipped: 'the cold comparison failed (no Secret Service for the keychain?)',
        stderr: result.stderr
          .split('\n')
          .filter((line) => !line.includes('dbus'))
          .slice(-3),
      }),
    );
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const engine = await bundle(root);
  const work = await mkdtemp(join(tmpdir(), 'mitate-bench-deid-'));
  try {
    const hasGdcm = spawnSync('gdcmanon', ['--version']).error === undefined;
    const certificate = join(work, 'cert.pem');
    if (hasGdcm)
      spawnSync('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(work, 'key.pem'),
        '-out',
        certificate,
        '-days',
        '1',
        '-subj',
        '/CN=mitate-bench',
      ]);

    const mr = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
    const one = join(work, 'one');
    await mkdir(one);
    const [first] = (await readdir(mr)).sort();
    await writeFile(join(one, first!), await readFile(join(mr, first!)));
    const copies = join(work, 'copies');
    await engine.makeCopies(mr, copies, 10);
    if (hasGdcm)
      coldComparisons(root, work, certificate, [
        { label: 'one', folder: one, files: 1 },
        { label: 'mr96', folder: mr, files: 96 },
        { label: '960', folder: copies, files: 960 },
      ]);
    else print('deid.cold_vs_gdcmanon', 0, 'x', { skipped: 'gdcmanon is not installed' });
    await rm(copies, { recursive: true, force: true });

    // Leaks: identifiers of each input (names, IDs, dates, UIDs, free text the profile removes)
    // still present anywhere in the output bytes, or in the output file names.
    const phi = await listFiles(join(root, 'test/data/deid-phi'));
    let oursLeaks = 0;
    let peerLeaks = 0;
    let peerNameLeaks = 0;
    for (const [index, file] of phi.entries()) {
      const identifiers = engine.identifiersOfFile(await readFile(file));
      const out = join(work, `leak-ours-${index}`);
      const written = await engine.pseudonymize([file], out, []);
      for (const output of written) {
        const bytes = await readFile(output);
        oursLeaks += identifiers.filter(
          (identifier) =>
            bytes.includes(Buffer.from(identifier, 'latin1')) || output.includes(identifier),
        ).length;
      }
      if (hasGdcm) {
        const single = join(work, `leak-in-${index}`);
        await mkdir(single);
        const name = file.split('/').pop()!;
        await writeFile(join(single, name), await readFile(file));
        const peerOut = join(work, `leak-gdcm-${index}`);
        gdcmanon(certificate, single, peerOut);
        for (const output of await listFiles(peerOut).catch(() => [])) {
          const bytes = await readFile(output);
          peerLeaks += identifiers.filter((identifier) =>
            bytes.includes(Buffer.from(identifier, 'latin1')),
          ).length;
          peerNameLeaks += identifiers.filter((identifier) =>
            output.slice(peerOut.length).includes(identifier),
          ).length;
        }
      }
    }
    print('deid.leaks', oursLeaks, 'identifiers', { tool: 'mitate', files: phi.length, target: 0 });
    if (hasGdcm)
      print('deid.leaks', peerLeaks, 'identifiers', {
        tool: 'gdcmanon',
        files: phi.length,
        inFileNames: peerNameLeaks,
      });

    // Peak RSS on a 2 GB study: 1000 slices of 1024x1024 16-bit, written here, one process.
    const big = join(work, 'big');
    await engine.makeLargeStudy(big, 1000);
    const bigBytes = await bytesOf(await listFiles(big));
    const child = spawn(
      process.execPath,
      [join(root, 'dist/bench/deid/engine.js'), 'rss', big, join(work, 'big-out')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error('the 2 GB run failed');
    const { maxRssMb, seconds } = JSON.parse(output.trim().split('\n').pop()!) as {
      maxRssMb: number;
      seconds: number;
    };
    print('deid.peak_rss_mb', maxRssMb, 'MB', {
      studyGb: Number((bigBytes / 1e9).toFixed(2)),
      files: 1000,
      seconds: Math.round(seconds),
      target: '<300',
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
