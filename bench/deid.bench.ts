// Pseudonymization benchmark, ours and gdcmanon (GDCM's PS3.15 E.1 basic profile) side by side:
//   deid.files_per_s / deid.mb_per_s   the 96-slice MR, and 960 instances (the MR ten times, new UIDs)
//   deid.cpu_us_per_file               CPU time (user + system, all threads) per file of the same runs:
//                                      less sensitive than wall time to other work on the machine
//   deid.leaks                         identifiers left in the output bytes on test/data/deid-phi, per tool
//   deid.peak_rss_mb                   peak RSS pseudonymizing a 2 GB study generated here (then deleted)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as engineModule from './deid/engine.ts';
import { median, type BenchContext } from './figures.ts';

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

/** CPU seconds of the waited-for children of this process (Linux /proc/self/stat cutime + cstime), or undefined elsewhere. */
function childrenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ').pop()!.split(' ');
    // After "pid (comm) ", cutime and cstime are fields 14 and 15 (0-based), in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function gdcmanon(certificate: string, input: string, output: string): boolean {
  const result = spawnSync(
    'gdcmanon',
    ['-e', '-c', certificate, '-i', input, '-o', output, '-r', '--continue'],
    { encoding: 'utf8' },
  );
  return result.status === 0;
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
    const copies = join(work, 'copies');
    await engine.makeCopies(mr, copies, 10);
    for (const [label, folder] of [
      ['mr96', mr],
      ['960', copies],
    ] as const) {
      const files = await listFiles(folder);
      const megabytes = (await bytesOf(files)) / 1e6;
      const ours: number[] = [];
      const peer: number[] = [];
      const oursCpu: number[] = [];
      const peerCpu: number[] = [];
      for (let run = 0; run < 3; run++) {
        const out = join(work, `ours-${label}-${run}`);
        let start = performance.now();
        const cpu = process.cpuUsage();
        await engine.pseudonymize(files, out, []);
        ours.push((performance.now() - start) / 1000);
        const used = process.cpuUsage(cpu);
        oursCpu.push((used.user + used.system) / files.length);
        await rm(out, { recursive: true, force: true });
        if (hasGdcm) {
          const peerOut = join(work, `gdcm-${label}-${run}`);
          const childCpu = childrenCpuSeconds();
          start = performance.now();
          if (!gdcmanon(certificate, folder, peerOut)) throw new Error('gdcmanon failed');
          peer.push((performance.now() - start) / 1000);
          const childCpuAfter = childrenCpuSeconds();
          if (childCpu !== undefined && childCpuAfter !== undefined)
            peerCpu.push(((childCpuAfter - childCpu) * 1e6) / files.length);
          await rm(peerOut, { recursive: true, force: true });
        }
      }
      const oursSeconds = median(ours);
      print('deid.files_per_s', files.length / oursSeconds, 'files/s', {
        tool: 'mitate',
        input: label,
        files: files.length,
        runs: ours.map((s) => Math.round(files.length / s)),
      });
      print('deid.mb_per_s', megabytes / oursSeconds, 'MB/s', {
        tool: 'mitate',
        input: label,
        megabytes: Math.round(megabytes),
      });
      print('deid.cpu_us_per_file', median(oursCpu), 'µs', {
        tool: 'mitate',
        input: label,
        runs: oursCpu.map(Math.round),
      });
      if (hasGdcm) {
        const peerSeconds = median(peer);
        print('deid.files_per_s', files.length / peerSeconds, 'files/s', {
          tool: 'gdcmanon',
          input: label,
          files: files.length,
          runs: peer.map((s) => Math.round(files.length / s)),
        });
        print('deid.mb_per_s', megabytes / peerSeconds, 'MB/s', {
          tool: 'gdcmanon',
          input: label,
          megabytes: Math.round(megabytes),
        });
        print('deid.speed_ratio', peerSeconds / oursSeconds, 'x', {
          input: label,
          meaning: 'ours/gdcmanon throughput',
          target: '>=1',
        });
        if (peerCpu.length > 0) {
          print('deid.cpu_us_per_file', median(peerCpu), 'µs', {
            tool: 'gdcmanon',
            input: label,
            runs: peerCpu.map(Math.round),
          });
          print('deid.cpu_ratio', median(peerCpu) / median(oursCpu), 'x', {
            input: label,
            meaning: 'gdcmanon/ours CPU time per file',
          });
        }
      }
    }
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
