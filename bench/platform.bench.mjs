// Reference platform figures (loopback, this machine):
//   platform.stow_mb_per_s   STOW-RS of the 96-slice MR (17 MB), 16 instances per request, 3 rounds
//   platform.wado_mb_per_s   WADO-RS of the same study back as multipart/related
// The token is signed with the platform's own key from its data folder (the login is measured
// nowhere here; its tests are in test/unit/platform/).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { importJWK, SignJWT } from 'jose';

export default async function ({ root, print }) {
  const outdir = join(root, 'dist/bench/platform');
  await build({
    entryPoints: { startPlatform: join(root, 'platform/server/startPlatform.ts'), multipartRelated: join(root, 'platform/dicomweb/multipartRelated.ts') },
    outdir, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning',
  });
  const { startPlatform } = await import(pathToFileURL(join(outdir, 'startPlatform.js')).href);
  const { buildMultipart, newBoundary } = await import(pathToFileURL(join(outdir, 'multipartRelated.js')).href);

  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-platform-bench-'));
  const platform = await startPlatform({ dataDir });
  try {
    const keys = JSON.parse(await readFile(join(dataDir, 'keys.json'), 'utf8'));
    const token = await new SignJWT({ amr: ['pwd', 'otp'], scope: 'dicomweb catalog' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.tokenSigning.kid })
      .setIssuer(platform.url).setAudience(platform.dicomwebUrl).setSubject('bench').setIssuedAt().setExpirationTime('10m')
      .sign(await importJWK(keys.tokenSigning, 'RS256'));

    const folder = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
    const files = await Promise.all((await readdir(folder)).sort().map((name) => readFile(join(folder, name))));
    const total = files.reduce((sum, file) => sum + file.length, 0);
    const batches = [];
    for (let i = 0; i < files.length; i += 16) {
      const boundary = newBoundary();
      batches.push({ boundary, body: buildMultipart(boundary, files.slice(i, i + 16).map((body) => ({ contentType: 'application/dicom', body }))) });
    }

    const rounds = 3;
    let studyUrl = '';
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      for (const batch of batches) {
        const response = await fetch(`${platform.dicomwebUrl}/studies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/related; type="application/dicom"; boundary=${batch.boundary}` },
          body: batch.body,
        });
        if (response.status !== 200) throw new Error(`STOW answered ${response.status}`);
        studyUrl = (await response.json())['00081190'].Value[0];
      }
    }
    const stowSeconds = (performance.now() - started) / 1000;
    print('platform.stow_mb_per_s', (total * rounds) / 1e6 / stowSeconds, 'MB/s', { instances: files.length * rounds, requests: batches.length * rounds, note: 'loopback, 16 instances per request' });

    const wadoStarted = performance.now();
    let received = 0;
    for (let round = 0; round < rounds; round++) {
      const response = await fetch(studyUrl, { headers: { authorization: `Bearer ${token}` } });
      received += (await response.arrayBuffer()).byteLength;
    }
    print('platform.wado_mb_per_s', received / 1e6 / ((performance.now() - wadoStarted) / 1000), 'MB/s', { note: 'loopback, whole study as multipart/related' });
  } finally {
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
