// PACS benchmark (DIMSE), each side by side with DCMTK in one run, runs alternating, cold
// processes for DCMTK, loopback only:
//   pacs.cget_mb_per_s    C-GET of the 96-slice MR series (17 MB) from a local Orthanc by our
//                         client (instances written to a folder) and by DCMTK getscu; ratio
//                         ours/getscu is the figure to watch (target >= 0.9).
//                         (DCMTK processes, Orthanc included, run with TCP_NODELAY=1.)
//   pacs.scp_mb_per_s     storescu sending the same series to our storage SCP (each instance
//                         flushed to disk and renamed into place) and to DCMTK storescp (no
//                         flush); ratio ours/storescp (target >= 0.9).
// The MR is the largest multi-image series in test/data; the CT series there are 4 slices.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type * as orthancModule from '../test/unit/main/jobs/orthanc.ts';
import type * as pacsModule from '../main/pacs/index.ts';
import { median, type BenchContext } from './figures.ts';
import { loadModules } from './loadModules.ts';

const RUNS = 5;

function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: 120_000 }, (error) =>
      error === null ? resolve() : reject(error),
    );
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function figure(bytes: number, ours: number[], theirs: number[]) {
  const mbPerS = (ms: number): number => bytes / 1e6 / (ms / 1000);
  return {
    value: mbPerS(median(ours)),
    extra: {
      min_ms: Math.round(Math.min(...ours)),
      median_ms: Math.round(median(ours)),
      dcmtk_mb_per_s: Number(mbPerS(median(theirs)).toFixed(1)),
      dcmtk_min_ms: Math.round(Math.min(...theirs)),
      dcmtk_median_ms: Math.round(median(theirs)),
      ratio: Number((median(theirs) / median(ours)).toFixed(2)),
    },
  };
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  // DCMTK (the tools and Orthanc, built on it) leaves Nagle's algorithm on unless TCP_NODELAY is
  // set, which costs it ~50 ms of delayed acknowledgement per instance on loopback (4.7 s instead
  // of 0.35 s for this series). Every DCMTK process here gets it, as a tuned site would have it.
  process.env.TCP_NODELAY = '1';
  const { startOrthanc, orthancAvailable, freePort } = await loadModules<typeof orthancModule>(
    root,
    'pacs',
    ['test/unit/main/jobs/orthanc.ts'],
  );
  if (!orthancAvailable) {
    print('pacs.cget_mb_per_s', 0, 'MB/s', { skipped: 'Debian orthanc is not installed' });
    return;
  }
  const { createDimseClient, startStorageScp } = await loadModules<typeof pacsModule>(
    root,
    'pacs',
    ['main/pacs/index.ts'],
  );
  const folder = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
  const files = (await readdir(folder))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => join(folder, name));
  const bytes = (await Promise.all(files.map((file) => stat(file)))).reduce(
    (sum, file) => sum + file.size,
    0,
  );
  const work = await mkdtemp(join(tmpdir(), 'mitate-pacs-bench-'));
  const orthanc = await startOrthanc({
    dicom: {
      aeTitle: 'ORTHANC',
      modalities: {
        mitate: ['MITATE', '127.0.0.1', 104],
        getscu: ['GETSCU', '127.0.0.1', 104],
        storescu: ['STORESCU', '127.0.0.1', 104],
      },
    },
  });
  try {
    const port = String(orthanc.dicomPort);
    await run('/usr/bin/storescu', [
      '-aet',
      'STORESCU',
      '-aec',
      'ORTHANC',
      '127.0.0.1',
      port,
      ...files,
    ]);
    const header = dicomParser.parseDicom(new Uint8Array(await readFile(files[0]!)), {
      untilTag: 'x7fe00010',
    });
    const study = header.string('x0020000d')!.trim();
    const series = header.string('x0020000e')!.trim();
    const local = {
      aeTitle: 'MITATE',
      port: 104,
      receiveEnabled: true,
      allowedCallers: ['STORESCU'],
      tls: { enabled: false },
      maxAssociations: 4,
      maxInstanceBytes: 512 * 1024 * 1024,
    };
    const client = createDimseClient(
      {
        kind: 'dimse',
        id: 'orthanc',
        label: 'Orthanc',
        aeTitle: 'ORTHANC',
        host: '127.0.0.1',
        port: orthanc.dicomPort!,
        tls: { enabled: false },
        retrieveWith: 'c-get',
      },
      local,
    );
    const ours: number[] = [];
    const getscu: number[] = [];
    for (let round = 0; round <= RUNS; round++) {
      const mine = join(work, `cget-${round}`);
      const theirs = join(work, `getscu-${round}`);
      await mkdir(mine);
      await mkdir(theirs);
      const a = await timed(async () => {
        const report = await client.retrieve(
          { studyInstanceUid: study, seriesInstanceUid: series },
          {
            alreadyHave: new Set(),
            accept: ({ sopInstanceUid, bytes: instance }) =>
              writeFile(join(mine, `${sopInstanceUid}.dcm`), instance),
          },
          new AbortController().signal,
          () => undefined,
        );
        if (report.received !== files.length)
          throw new Error(`C-GET brought ${report.received} of ${files.length}`);
      });
      const b = await timed(() =>
        run('/usr/bin/getscu', [
          '-aet',
          'GETSCU',
          '-aec',
          'ORTHANC',
          '-S',
          '-k',
          'QueryRetrieveLevel=SERIES',
          '-k',
          `StudyInstanceUID=${study}`,
          '-k',
          `SeriesInstanceUID=${series}`,
          '-od',
          theirs,
          '127.0.0.1',
          port,
        ]),
      );
      // Round 0 warms Orthanc's cache and both paths; it is not counted.
      if (round > 0) {
        ours.push(a);
        getscu.push(b);
      }
    }
    const cget = figure(bytes, ours, getscu);
    print('pacs.cget_mb_per_s', cget.value, 'MB/s', { instances: files.length, ...cget.extra });

    const scp = await startStorageScp(local, {
      dataDir: join(work, 'scp'),
      allowedCallers: ['STORESCU'],
      host: '127.0.0.1',
      port: 0,
    });
    const storescpPort = await freePort();
    const storescpFolder = join(work, 'storescp');
    await mkdir(storescpFolder);
    const { spawn } = await import('node:child_process');
    const storescp = spawn(
      '/usr/bin/storescp',
      ['-aet', 'STORESCP', '-od', storescpFolder, String(storescpPort)],
      { stdio: 'ignore' },
    );
    try {
      // storescp takes a moment to listen: an echo that succeeds says it is up.
      for (let attempt = 0; ; attempt++) {
        try {
          await run('/usr/bin/echoscu', ['-aec', 'STORESCP', '127.0.0.1', String(storescpPort)]);
          break;
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const intoOurs: number[] = [];
      const intoStorescp: number[] = [];
      for (let round = 0; round <= RUNS; round++) {
        const a = await timed(() =>
          run('/usr/bin/storescu', [
            '-aet',
            'STORESCU',
            '-aec',
            'MITATE',
            '127.0.0.1',
            String(scp.port),
            ...files,
          ]),
        );
        const b = await timed(() =>
          run('/usr/bin/storescu', [
            '-aet',
            'STORESCU',
            '-aec',
            'STORESCP',
            '127.0.0.1',
            String(storescpPort),
            ...files,
          ]),
        );
        if (round > 0) {
          intoOurs.push(a);
          intoStorescp.push(b);
        }
      }
      const receive = figure(bytes, intoOurs, intoStorescp);
      print('pacs.scp_mb_per_s', receive.value, 'MB/s', {
        instances: files.length,
        ...receive.extra,
      });
    } finally {
      storescp.kill('SIGTERM');
      await scp.stop();
    }
  } finally {
    await orthanc.close();
    await rm(work, { recursive: true, force: true });
  }
}
