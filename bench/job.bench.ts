// Job benchmark:
//   job.end_to_end_s   a 512x512x160 phantom MRA (160 instances, 80 MB) sent to the aneurysm service
//                      of the real reference platform (its own process, its performer running the
//                      real analysis): from jobs.send to review.study returning the findings, through
//                      the main-process handlers, after a real password + TOTP login. Target: < 20 s.
// The phantom is made once before timing (about 26 s); the timed part runs in its own process
// (bench/job/endToEnd.ts, bundled here) because the handlers keep timers alive.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import type { BenchContext } from './figures.ts';

interface Doctor {
  username: string;
  password: string;
  secret: string;
}

interface ServedPlatform {
  url: string;
  doctor: Doctor;
  stop(): Promise<void>;
}

/** `mitate-platform serve` on a free loopback port; its demo doctor's credentials are printed once on stderr. */
async function servePlatform(cli: string, dataDir: string): Promise<ServedPlatform> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  for (
    let waited = 0;
    waited < 5000 && !/Demo doctor[^\n]*TOTP secret \S+/.test(stderr);
    waited += 20
  )
    await new Promise((resolve) => setTimeout(resolve, 20));
  const match = /Demo doctor[^\n]*user "([^"]+)", password "([^"]+)", TOTP secret (\S+)/.exec(
    stderr,
  );
  if (match === null) throw new Error('the platform printed no demo doctor');
  return {
    url,
    doctor: { username: match[1]!, password: match[2]!, secret: match[3]! },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function runNode(args: string[], env?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (err += data.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`exit ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`)),
    );
  });
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const cli = join(root, 'dist/platform/cli.js');
  const work = await mkdtemp(join(tmpdir(), 'mitate-job-bench-'));
  const outdir = join(root, 'node_modules/.cache/mitate-job-bench');
  await mkdir(outdir, { recursive: true });
  const driver = join(outdir, 'endToEnd.js');
  let platform: ServedPlatform | undefined;
  try {
    await build({
      entryPoints: [join(root, 'bench/job/endToEnd.ts')],
      outfile: driver,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    const phantom = join(work, 'mra');
    // Seed 9 has aneurysms the service finds at every size tried; generating takes ~26 s, untimed.
    await runNode([cli, 'phantom', '--seed', '9', '--size', '512x512x160', '--out', phantom]);
    await mkdir(join(work, 'platform'));
    platform = await servePlatform(cli, join(work, 'platform'));
    const out = await runNode([driver, platform.url, phantom, join(work, 'app')], {
      MITATE_BENCH_USER: JSON.stringify(platform.doctor),
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
      seconds: number;
      findings: number;
      keychain: string;
      states: { state: string; atMs: number }[];
    };
    const phases = Object.fromEntries(
      result.states.map(({ state, atMs }) => [state, Number((atMs / 1000).toFixed(1))]),
    );
    print('job.end_to_end_s', result.seconds, 's', {
      target: '<20',
      phantom: '512x512x160',
      findings: result.findings,
      keychain: result.keychain,
      state_at_s: phases,
    });
  } catch (error) {
    print('job.end_to_end_s', 0, 's', {
      failed: error instanceof Error ? error.message : String(error),
    });
  } finally {
    await platform?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
