// Reference platform figures (loopback, this machine):
//   platform.stow_mb_per_s   STOW-RS of the 96-slice MR (17 MB), 16 instances per request, 3 rounds
//   platform.wado_mb_per_s   WADO-RS of the same study back as multipart/related
// The platform runs as its own process (`mitate-platform serve`), as under `npm start`, so client
// and server do not share an event loop. The token comes from a real login as its demo doctor
// (platformLogin.ts), so it names a grant the bearer check finds; the login is not measured.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
/* eslint-disable no-restricted-imports -- the benchmark measures the platform's own code (types only; esbuild bundles the modules) */
import type * as multipartModule from 'mitate-platform/dicomweb/multipartRelated';
/* eslint-enable no-restricted-imports */
import type { BenchContext } from './figures.ts';
import { demoDoctor, signIn } from './platformLogin.ts';

// The platform's sources through its workspace package's exports, never a path into platform/.
const platformModule = createRequire(import.meta.url).resolve;

export default async function ({ root, print }: BenchContext): Promise<void> {
  const outdir = join(root, 'dist/bench/platform');
  await build({
    entryPoints: {
      cli: platformModule('mitate-platform/cli'),
      multipartRelated: platformModule('mitate-platform/dicomweb/multipartRelated'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const { buildMultipart, newBoundary }: typeof multipartModule = await import(
    pathToFileURL(join(outdir, 'multipartRelated.js')).href
  );

  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-platform-bench-'));
  const server = spawn(process.execPath, [join(outdir, 'cli.js'), 'serve', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const doctor = demoDoctor(server.stderr);
  const started = JSON.parse(
    await new Promise<string>((resolve) =>
      createInterface({ input: server.stdout }).once('line', resolve),
    ),
  ) as { url: string; dicomweb: string };
  const platform = { url: started.url, dicomwebUrl: started.dicomweb };
  try {
    const token = await signIn(platform.url, await doctor);

    const folder = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
    const files = await Promise.all(
      (await readdir(folder)).sort().map((name) => readFile(join(folder, name))),
    );
    const total = files.reduce((sum, file) => sum + file.length, 0);
    const batches = [];
    for (let i = 0; i < files.length; i += 16) {
      const boundary = newBoundary();
      batches.push({
        boundary,
        body: buildMultipart(
          boundary,
          files.slice(i, i + 16).map((body) => ({ contentType: 'application/dicom', body })),
        ),
      });
    }

    const rounds = 3;
    let studyUrl = '';
    const stowStarted = performance.now();
    for (let round = 0; round < rounds; round++) {
      for (const batch of batches) {
        const response = await fetch(`${platform.dicomwebUrl}/studies`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/related; type="application/dicom"; boundary=${batch.boundary}`,
          },
          body: batch.body,
        });
        if (response.status !== 200) throw new Error(`STOW answered ${response.status}`);
        studyUrl = ((await response.json()) as { '00081190': { Value: [string] } })['00081190']
          .Value[0];
      }
    }
    const stowSeconds = (performance.now() - stowStarted) / 1000;
    print('platform.stow_mb_per_s', (total * rounds) / 1e6 / stowSeconds, 'MB/s', {
      instances: files.length * rounds,
      requests: batches.length * rounds,
      note: 'loopback, platform in its own process, 16 instances per request',
    });

    const wadoStarted = performance.now();
    let received = 0;
    for (let round = 0; round < rounds; round++) {
      const response = await fetch(studyUrl, { headers: { authorization: `Bearer ${token}` } });
      received += (await response.arrayBuffer()).byteLength;
    }
    print(
      'platform.wado_mb_per_s',
      received / 1e6 / ((performance.now() - wadoStarted) / 1000),
      'MB/s',
      { note: 'loopback, whole study as multipart/related' },
    );
  } finally {
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    await rm(dataDir, { recursive: true, force: true });
  }
}
