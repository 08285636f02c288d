// Viewer figures (`npm run bench` runs this after the foundation benches):
//   viewer.volume_first_slice_ms  512x512x600 16-bit CT: the "M" key (MPR) to the middle slice on screen in
//                                  the axial cell, as the reader sees it: the 2D preview drawn when
//                                  the slice is decoded (volumePreview.ts), or the plane's own draw
//                                  when there was no preview. The plane's first draw is in the line
//                                  too: it may come earlier, with slices the stack had fetched, while
//                                  the plane's middle is still black
//   viewer.volume_load_ms          same: the key to every slice in the volume (cornerstone's "loading
//                                  completed"); the draw that shows them all comes after it
//   viewer.volume_peak_rss_mb      peak resident memory (RSS from /proc, sampled every 50 ms) of the
//                                  page's renderer process meanwhile: the page, its decoded slices and
//                                  its decoding workers (threads of that process). The GPU process,
//                                  which holds the volume's texture (SwiftShader keeps it in CPU
//                                  memory; on a graphics card it is video memory), and the whole
//                                  browser's sum are given beside it, not hidden
//   viewer.volume_fetch_only_ms   the CT's files downloaded in a worker and thrown away: the floor
//                                  under volume_load_ms on this machine (HTTP through the browser)
//   viewer.mip_fps                 256x256x200 MR MIP spun 10 degrees per frame, software GL
// The series are generated here (synthetic, no patient), written as one file per slice.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type * as syntheticSeries from '../test/support/syntheticSeries.js';
import type { BenchContext } from './figures.ts';
import { loadBrowserSupport, loadModules } from './loadModules.ts';

const CT = { columns: 512, rows: 512, slices: 600 };
const MRA = { columns: 256, rows: 256, slices: 200 };

/** Resident set size (MB) of every process below `rootPid`, by pid, from /proc. */
function descendantsRss(rootPid: number): { pid: number; mb: number; kind: string | undefined }[] {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  const kinds = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      rss.set(Number(name), (Number(fields[21]) * 4096) / 2 ** 20);
      kinds.set(
        Number(name),
        readFileSync(`/proc/${name}/cmdline`, 'utf8').match(/--type=([a-z-]+)/)?.[1] ?? 'browser',
      );
    } catch {
      // The process ended while we looked.
    }
  }
  const below = (pid: number): boolean => {
    for (
      let parent = parents.get(pid);
      parent !== undefined && parent > 1;
      parent = parents.get(parent)
    )
      if (parent === rootPid) return true;
    return false;
  };
  return [...rss]
    .filter(([pid]) => below(pid))
    .map(([pid, mb]) => ({ pid, mb, kind: kinds.get(pid) }));
}

export default async function ({ root, print }: BenchContext): Promise<void> {
  const { writeSyntheticSeries, axialPositions } = await loadModules<typeof syntheticSeries>(
    root,
    'viewer',
    ['test/support/syntheticSeries.ts'],
  );
  const data = await mkdtemp(join(tmpdir(), 'mitate-viewer-bench-'));
  // A head-sized CT: soft tissue 40 HU inside an ellipse, a 1000 HU skull ring, air outside.
  await writeSyntheticSeries({
    folder: join(data, 'ct'),
    modality: 'CT',
    description: 'Bench CT 600',
    seriesNumber: 1,
    rows: CT.rows,
    columns: CT.columns,
    pixelSpacing: [0.5, 0.5],
    positions: axialPositions(CT.slices, 0.5),
    voxel: (i, j, k) => {
      const r = Math.hypot((i - 256) / 200, (j - 256) / (230 - k / 20));
      return (r > 1 ? -1000 : r > 0.92 ? 1000 : 40 + ((i ^ j ^ k) & 15)) + 1024;
    },
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.90.1',
  });
  // A TOF-like MR: noisy background and bright vessels that wind through the volume.
  await writeSyntheticSeries({
    folder: join(data, 'mra'),
    modality: 'MR',
    description: 'TOF_3D bench',
    seriesNumber: 2,
    rows: MRA.rows,
    columns: MRA.columns,
    pixelSpacing: [0.7, 0.7],
    positions: axialPositions(MRA.slices, 0.7),
    voxel: (i, j, k) => {
      const x = 128 + 60 * Math.sin(k / 25);
      const y = 128 + 50 * Math.cos(k / 31);
      const vessel = Math.hypot(i - x, j - y) < 3 || Math.hypot(i - (256 - x), j - y) < 2;
      return vessel ? 900 : 80 + ((i * 31 + j * 17 + k * 7) % 60);
    },
    window: { center: 450, width: 900 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.90.2',
  });
  const rawMb = (CT.columns * CT.rows * CT.slices * 2) / 2 ** 20;

  const { startDevHostProcess, chromiumLaunchOptions } = await loadBrowserSupport(root);
  const host = await startDevHostProcess();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(host.launchUrl);
    for (const folder of ['ct', 'mra'])
      await page.evaluate(
        (path) => window.mitate.invoke('library.importPaths', { paths: [path] }),
        join(data, folder),
      );
    await page.reload();

    // CT: open (the stack shows slice 1), then MPR; measure until the whole volume is in.
    await page.getByTestId('study-row').filter({ hasText: 'CT' }).first().click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-testid=viewport]')?.dataset.firstImageMs,
      null,
      { timeout: 60_000 },
    );
    const peaks = { renderer: 0, gpu: 0, all: 0 };
    const sample = () => {
      const tree = descendantsRss(process.pid);
      for (const entry of tree) {
        if (entry.kind === 'renderer') peaks.renderer = Math.max(peaks.renderer, entry.mb);
        if (entry.kind === 'gpu-process') peaks.gpu = Math.max(peaks.gpu, entry.mb);
      }
      peaks.all = Math.max(
        peaks.all,
        tree.reduce((sum, entry) => sum + entry.mb, 0),
      );
    };
    sample();
    const before = { ...peaks };
    await page.getByTestId('viewer-stage').first().focus();
    const sampler = setInterval(sample, 50);
    // The key press as the page sees it, so figures run from the reader's "MPR", not from when
    // the new cells started loading (a React render and three viewports later).
    const pressedAt = await page.evaluate(() => {
      const at = performance.now();
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'm', bubbles: true }),
      );
      return at;
    });
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid=viewport][data-view=axial]')?.dataset
          .volumeLoadedMs,
      null,
      { timeout: 120_000 },
    );
    clearInterval(sampler);
    const axial = page.locator('[data-testid=viewport][data-view=axial]');
    // From the key press to the axial cell's start (its measures run from there).
    const openDelay = await page.evaluate(
      (at) =>
        performance.getEntriesByName('mitate:series-open:vp-0-axial-slice').at(-1)!.startTime - at,
      pressedAt,
    );
    const planeFirst = Number(await axial.getAttribute('data-first-image-ms')) + openDelay;
    const preview = await axial.getAttribute('data-preview-ms');
    const first = preview === null ? planeFirst : Number(preview) + openDelay;
    const whole = Number(await axial.getAttribute('data-volume-loaded-ms')) + openDelay;
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid=viewport][data-view=axial]')?.dataset
          .volumeDrawnMs,
      null,
      { timeout: 60_000 },
    );
    const drawn = Number(await axial.getAttribute('data-volume-drawn-ms')) + openDelay;
    const slicesAtFirst = Number(await axial.getAttribute('data-slices-at-first-image'));
    const load = (await readFile('/proc/loadavg', 'utf8')).split(' ')[0]!;
    print('viewer.volume_first_slice_ms', first, 'ms', {
      target: '<300',
      volume: '512x512x600 int16',
      measured:
        preview === null
          ? 'MPR pressed to the axial plane first drawn (no preview)'
          : 'MPR pressed to the middle slice on screen (2D preview), what the reader sees first',
      plane_first_draw_ms: Math.round(planeFirst),
      slices_at_plane_first_draw: slicesAtFirst,
      key_to_cells_ms: Math.round(openDelay),
      load_average: load,
    });
    print('viewer.volume_load_ms', whole, 'ms', {
      target: '<3000',
      first_slice_ms: Math.round(first),
      whole_volume_drawn_ms: Math.round(drawn),
      load_average: load,
    });
    print('viewer.volume_peak_rss_mb', peaks.renderer, 'MB', {
      target: `<${Math.round(2 * rawMb)} (2x raw ${Math.round(rawMb)} MB)`,
      measured: 'peak RSS of the page renderer process (page, decoded slices, decode workers)',
      renderer_before_mpr_mb: Math.round(before.renderer),
      growth_mb: Math.round(peaks.renderer - before.renderer),
      gpu_process_peak_mb: Math.round(peaks.gpu),
      gpu_process_before_mpr_mb: Math.round(before.gpu),
      all_processes_peak_mb: Math.round(peaks.all),
    });

    // What the load is up against: the same files fetched in a worker, six at a time (the
    // browser's connections per host), and nothing done with them.
    const fetchMs = await page.evaluate(async (description) => {
      let urls: string[] = [];
      const studies = await window.mitate.invoke('library.studies', {});
      for (const study of studies.ok ? studies.value : []) {
        const list = await window.mitate.invoke('library.series', { studyId: study.id });
        const found = list.ok
          ? list.value.find((candidate) => candidate.description === description)
          : undefined;
        if (found !== undefined)
          urls = found.instances.map(
            (instance) => new URL(`/dicom/${instance.id}`, location.href).href,
          );
      }
      const code = `onmessage = async ({ data: urls }) => {
        const started = performance.now();
        let next = 0;
        await Promise.all(Array.from({ length: 6 }, async () => { while (next < urls.length) await (await fetch(urls[next++])).arrayBuffer(); }));
        postMessage(performance.now() - started);
      };`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const ms = await new Promise<number>((resolve) => {
        worker.onmessage = (event: MessageEvent<number>) => resolve(event.data);
        worker.postMessage(urls);
      });
      worker.terminate();
      return { ms, files: urls.length };
    }, 'Bench CT 600');
    print('viewer.volume_fetch_only_ms', fetchMs.ms, 'ms', {
      measured: `the ${fetchMs.files} files of the 512x512x600 CT downloaded in a worker, 6 at a time, nothing else done: what volume_load_ms cannot go below with this host and browser`,
      load_average: (await readFile('/proc/loadavg', 'utf8')).split(' ')[0],
    });

    // MRA: opens on an axial MIP (hanging default); spin it one step per frame.
    await page.getByTestId('study-row').filter({ hasText: 'MR' }).first().click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid=viewport][data-projection=mip]')?.dataset
          .volumeLoadedMs,
      null,
      { timeout: 120_000 },
    );
    await page.getByTestId('slab-thickness').selectOption('200');
    await page.waitForTimeout(500);
    const fps = await page.evaluate(async () => {
      const viewport = document.querySelector<HTMLElement>(
        '[data-testid=viewport][data-projection=mip]',
      )!;
      const stage = viewport.closest('[data-testid=viewer-stage]')!;
      const rendered = () => Number(viewport.dataset.renderCount ?? 0);
      const start = performance.now();
      const before = rendered();
      for (let step = 0; step < 60; step++) {
        stage.dispatchEvent(new KeyboardEvent('keydown', { key: '.', bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ((rendered() - before) / (performance.now() - start)) * 1000;
    });
    print('viewer.mip_fps', fps, 'fps', {
      volume: '256x256x200',
      note: 'software GL (SwiftShader), full-depth MIP spun 10 degrees per step, 1x2 layout',
    });
  } finally {
    await browser.close();
    await host.stop();
    await rm(data, { recursive: true, force: true });
  }
}
