// PACS benchmark (a real Orthanc with its DICOMweb plugin on loopback):
//   pacs.wado_retrieve_mb_per_s   WADO-RS retrieve of a 600-instance CT study (the test data's
//                                 CT slices copied under new SOP Instance UIDs) by our client,
//                                 each instance written to its own file as a retrieve does
//                                 (and, reported beside, with the folder's flush to the disk), beside
//                                 curl downloading the same study as one multipart body to a file.
//                                 Cold (an empty folder each run), alternating, median and min.
//   pacs.query_first_page_ms      a QIDO-RS search over 10,000 studies: from asking to the
//                                 first page of answers in hand (what the doctor first sees).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type * as clientModule from '../main/pacs/dicomweb/dicomwebPacsClient.js';
import type * as folderModule from '../main/pacs/retrieveFolder.js';
import type * as dicomwebModule from '../main/dicomweb/index.js';
import type * as orthancModule from '../test/unit/main/jobs/orthanc.js';
import type * as syntheticModule from '../test/support/syntheticSeries.js';
import { median, type BenchContext } from './figures.ts';

const CT = 'test/data/ct-head-ge-gantry-tilt-subset';
const INSTANCES = 600;
const STUDIES = 10_000;
const RUNS = 5;

interface Modules {
  client: typeof clientModule;
  folder: typeof folderModule;
  dicomweb: typeof dicomwebModule;
  orthanc: typeof orthancModule;
  synthetic: typeof syntheticModule;
}

async function bundle(root: string): Promise<Modules> {
  const outdir = join(root, 'node_modules/.cache/mitate-pacs-bench');
  await mkdir(outdir, { recursive: true });
  const entryPoints = {
    client: join(root, 'main/pacs/dicomweb/dicomwebPacsClient.ts'),
    folder: join(root, 'main/pacs/retrieveFolder.ts'),
    dicomweb: join(root, 'main/dicomweb/index.ts'),
    orthanc: join(root, 'test/unit/main/jobs/orthanc.ts'),
    synthetic: join(root, 'test/support/syntheticSeries.ts'),
  };
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const load = async <T>(name: string): Promise<T> =>
    (await import(pathToFileURL(join(outdir, `${name}.js`)).href)) as T;
  return {
    client: await load('client'),
    folder: await load('folder'),
    dicomweb: await load('dicomweb'),
    orthanc: await load('orthanc'),
    synthetic: await load('synthetic'),
  };
}

/** The CT slices again and again, each copy under new SOP Instance UIDs (digits inside the last component, same length). */
async function ctStudy(root: string): Promise<{ files: Buffer[]; studyInstanceUid: string }> {
  const folder = join(root, CT);
  const slices = await Promise.all(
    (await readdir(folder)).sort().map((name) => readFile(join(folder, name))),
  );
  const files: Buffer[] = [];
  for (let copy = 0; files.length < INSTANCES; copy++)
    for (const slice of slices) {
      if (files.length === INSTANCES) break;
      const bytes = Buffer.from(slice);
      const digits = String(copy).padStart(3, '0');
      const sop: string[] =
        bytes.toString('latin1').match(/1\.2\.826\.0\.1\.3680043\.9\.4245\.\d+/g) ?? [];
      // The SOP UID appears twice (file meta and data set); Study and Series UIDs stay.
      const sopUid = sop.find((uid, index) => sop.indexOf(uid) !== index) ?? sop[0]!;
      const fresh = `${sopUid.slice(0, 28)}${digits}${sopUid.slice(31)}`;
      let at = bytes.indexOf(sopUid, 0, 'latin1');
      while (at >= 0) {
        bytes.write(fresh, at, 'latin1');
        at = bytes.indexOf(sopUid, at + 1, 'latin1');
      }
      files.push(bytes);
    }
  const study = /1\.2\.826\.0\.1\.3680043\.9\.4245\.1760717\d+/.exec(
    files[0]!.toString('latin1'),
  )![0];
  return { files, studyInstanceUid: study };
}

function curlSeconds(url: string, out: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const child = spawn(
      'curl',
      [
        '-s',
        '-o',
        out,
        '-w',
        '%{time_total}',
        '-H',
        'accept: multipart/related; type="application/dicom"; transfer-syntax=*',
        url,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    child.stdout.on('data', (data: Buffer) => (text += data.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(Number(text)) : reject(new Error(`curl exited ${code}`)),
    );
  });
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const modules = await bundle(root);
  if (!modules.orthanc.orthancAvailable || spawnSync('curl', ['--version']).error !== undefined) {
    print('pacs.wado_retrieve_mb_per_s', 0, 'MB/s', {
      skipped: 'Orthanc with DICOMweb or curl is not installed',
    });
    return;
  }
  const orthanc = await modules.orthanc.startOrthanc();
  const work = await mkdtemp(join(tmpdir(), 'mitate-pacs-bench-'));
  try {
    const http = new modules.dicomweb.DicomwebClient({
      baseUrl: orthanc.dicomweb,
      timeoutMs: 600_000,
    });
    const { files, studyInstanceUid } = await ctStudy(root);
    for (let at = 0; at < files.length; at += 50) await http.store(files.slice(at, at + 50));
    const node = {
      kind: 'dicomweb',
      id: 'bench',
      label: 'Bench',
      baseUrl: orthanc.dicomweb,
      auth: 'none',
    } as const;
    const client = modules.client.createDicomwebPacsClient(node, { secret: async () => undefined });

    const ours: number[] = [];
    const oursFlushed: number[] = [];
    const curl: number[] = [];
    let bytes = 0;
    for (let run = 0; run <= RUNS; run++) {
      // Run 0 warms Orthanc's and the disk's caches for both and is not counted.
      const folder = new modules.folder.RetrieveFolder(join(work, `ours-${run}`), 'r');
      const sink = await folder.sink(() => undefined);
      const started = performance.now();
      const report = await client.retrieve(
        { studyInstanceUid },
        sink,
        AbortSignal.timeout(600_000),
        (progress) => {
          bytes = progress.bytes;
        },
      );
      const seconds = (performance.now() - started) / 1000;
      // The retrieve then flushes the folder to the disk before it imports it; curl's file is
      // not flushed, so that figure is reported beside the like-for-like one.
      await folder.flush();
      const flushedSeconds = (performance.now() - started) / 1000;
      if (report.received !== INSTANCES)
        throw new Error(`retrieved ${report.received} of ${INSTANCES}`);
      const curlTime = await curlSeconds(
        `${orthanc.dicomweb}/studies/${studyInstanceUid}`,
        join(work, `curl-${run}.bin`),
      );
      await rm(join(work, `ours-${run}`), { recursive: true, force: true });
      await rm(join(work, `curl-${run}.bin`), { force: true });
      if (run === 0) continue;
      ours.push(bytes / 1e6 / seconds);
      oursFlushed.push(bytes / 1e6 / flushedSeconds);
      curl.push(bytes / 1e6 / curlTime);
    }
    print('pacs.wado_retrieve_mb_per_s', median(ours), 'MB/s', {
      min_mb_per_s: Number(Math.min(...ours).toFixed(1)),
      curl_mb_per_s: Number(median(curl).toFixed(1)),
      curl_min_mb_per_s: Number(Math.min(...curl).toFixed(1)),
      ratio_to_curl: Number(median(ours.map((value, index) => value / curl[index]!)).toFixed(2)),
      target: '>=0.9 of curl',
      with_flush_mb_per_s: Number(median(oursFlushed).toFixed(1)),
      instances: INSTANCES,
      study_mb: Number((bytes / 1e6).toFixed(1)),
      runs: ours.map((value) => Math.round(value)),
      curl_runs: curl.map((value) => Math.round(value)),
    });

    // 10,000 small studies (one instance each, no pixels), then the search the doctor starts.
    const { part10 } = modules.synthetic;
    const batch: Uint8Array[] = [];
    for (let index = 0; index < STUDIES; index++) {
      const uid = (kind: number) => `1.2.826.0.1.3680043.10.543.${kind}.${index + 1}`;
      batch.push(
        part10('1.2.840.10008.5.1.4.1.1.7', uid(3), [
          { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.7' },
          { tag: 0x00080018, vr: 'UI', value: uid(3) },
          { tag: 0x00080020, vr: 'DA', value: '20260101' },
          { tag: 0x00080060, vr: 'CS', value: 'OT' },
          { tag: 0x00100010, vr: 'PN', value: `BENCH^${index}` },
          { tag: 0x00100020, vr: 'LO', value: `B${index}` },
          { tag: 0x0020000d, vr: 'UI', value: uid(1) },
          { tag: 0x0020000e, vr: 'UI', value: uid(2) },
        ]),
      );
      if (batch.length === 500) await http.store(batch.splice(0));
    }
    const firstPage: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const controller = new AbortController();
      const started = performance.now();
      let first = 0;
      await client
        .findStudies({}, controller.signal, () => {
          if (first === 0) first = performance.now() - started;
          controller.abort();
        })
        .catch(() => undefined);
      firstPage.push(first);
    }
    print('pacs.query_first_page_ms', median(firstPage), 'ms', {
      min_ms: Number(Math.min(...firstPage).toFixed(1)),
      studies: STUDIES + 1,
      page_size: 200,
      target: '<1000 ms to the first results',
      runs: firstPage.map((value) => Math.round(value)),
    });
  } finally {
    await orthanc.close();
    await rm(work, { recursive: true, force: true });
  }
}
