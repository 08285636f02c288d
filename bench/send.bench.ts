// Send benchmark:
//   send.upload_mb_per_s   STOW-RS of the 96-slice MR four times (70 MB, one multipart/related request) by
//                          our DICOMweb client over loopback, beside curl posting the same body
//                          to the same sink; the ratio is the figure to watch (target >= 0.9).
// The sink is a separate Node process that reads every byte and answers like a STOW-RS server,
// so neither side shares an event loop with it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as clientModuleType from '../main/dicomweb/dicomwebClient.js';
import type * as multipartModule from '../main/dicomweb/multipartRelated.js';
import { median, type BenchContext } from './figures.ts';

const SINK = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk) => { bytes += chunk.length; });
  req.on('end', () => {
    const body = JSON.stringify({ '00081199': { vr: 'SQ', Value: [] }, '00081190': { vr: 'UR', Value: ['http://127.0.0.1/received/' + bytes] } });
    res.writeHead(200, { 'content-type': 'application/dicom+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function bundle(
  root: string,
): Promise<{ client: typeof clientModuleType; multipart: typeof multipartModule }> {
  const outdir = join(root, 'node_modules/.cache/mitate-send-bench');
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: {
      client: join(root, 'main/dicomweb/dicomwebClient.ts'),
      multipart: join(root, 'main/dicomweb/multipartRelated.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return {
    client: await import(pathToFileURL(join(outdir, 'client.js')).href),
    multipart: await import(pathToFileURL(join(outdir, 'multipart.js')).href),
  };
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  if (spawnSync('curl', ['--version']).error !== undefined) {
    print('send.upload_mb_per_s', 0, 'MB/s', { skipped: 'curl is not installed' });
    return;
  }
  const { client: clientModule, multipart } = await bundle(root);
  const folder = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
  const slices = await Promise.all(
    (await readdir(folder))
      .filter((name) => name.endsWith('.dcm'))
      .sort()
      .map((name) => readFile(join(folder, name))),
  );
  // The MR four times (70 MB): long enough that connection set-up does not decide the figure.
  const instances = [...slices, ...slices, ...slices, ...slices];
  const work = await mkdtemp(join(tmpdir(), 'mitate-send-bench-'));
  const boundary = 'mitate-bench-boundary-0123456789abcdef';
  const { chunks, length } = multipart.buildMultipartRelated(
    boundary,
    instances.map((body) => ({ contentType: 'application/dicom', body })),
  );
  const bodyFile = join(work, 'body.bin');
  await writeFile(bodyFile, Buffer.concat(chunks));

  const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = Number(
      await new Promise<string>((resolve) =>
        createInterface({ input: sink.stdout }).once('line', resolve),
      ),
    );
    const base = `http://127.0.0.1:${port}/dicomweb`;
    const client = new clientModule.DicomwebClient({
      baseUrl: base,
      accessToken: () => 'bench-token',
    });
    const ours: number[] = [];
    const curl: number[] = [];
    // Warm both paths once, then alternate so both see the same machine load.
    await client.store(instances);
    for (let run = 0; run < 9; run++) {
      const start = performance.now();
      await client.store(instances);
      ours.push(length / 1e6 / ((performance.now() - start) / 1000));
      // curl's own time_total (from before it connects to the last byte of the answer), so its
      // process start-up is not counted against it.
      const seconds = await new Promise<number>((resolve, reject) => {
        let out = '';
        const child = spawn(
          'curl',
          [
            '-s',
            '-o',
            '/dev/null',
            '-w',
            '%{time_total}',
            '-X',
            'POST',
            '-H',
            `content-type: multipart/related; type="application/dicom"; boundary=${boundary}`,
            '-H',
            'accept: application/dicom+json',
            '-H',
            'authorization: Bearer bench-token',
            '-H',
            'expect:',
            '--data-binary',
            `@${bodyFile}`,
            `${base}/studies`,
          ],
          { stdio: ['ignore', 'pipe', 'ignore'] },
        );
        child.stdout.on('data', (data: Buffer) => (out += data.toString()));
        child.once('exit', (code) =>
          code === 0 ? resolve(Number(out)) : reject(new Error(`curl exited ${code}`)),
        );
      });
      curl.push(length / 1e6 / seconds);
    }
    const oursMedian = median(ours);
    const curlMedian = median(curl);
    print('send.upload_mb_per_s', oursMedian, 'MB/s', {
      curl_mb_per_s: Number(curlMedian.toFixed(1)),
      // Median of the ratios of back-to-back pairs: the load of a shared machine moves both alike.
      ratio_to_curl: Number(median(ours.map((value, index) => value / curl[index]!)).toFixed(2)),
      target: '>=0.9 of curl',
      body_mb: Number((length / 1e6).toFixed(1)),
      runs: ours.map((value) => Math.round(value)),
      curl_runs: curl.map((value) => Math.round(value)),
    });
  } finally {
    sink.kill();
    await rm(work, { recursive: true, force: true });
  }
}
