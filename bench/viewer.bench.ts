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
//                                  page's renderer process from the key to the whole volume drawn
//                                  (its upload to the texture included): the page, its decoded
//                                  slices and its decoding workers (threads of that process). The GPU
//                                  process, which holds the volume's texture (SwiftShader keeps it in
//                                  CPU memory; on a graphics card it is video memory), and the whole
//                                  browser's sum are given beside it, not hidden
//   viewer.volume_fetch_only_ms   the CT's files downloaded in a worker and thrown away: the floor
//                                  under volume_load_ms on this machine (HTTP through the browser)
//   viewer.volume_load_vs_fetch   volume_load_ms / volume_fetch_only_ms
//   The CT figures are medians (minimum beside) of RUNS loads and as many plain fetches,
//   alternating, each in a fresh browser context, with the load average when they ended.
//   viewer.mip_fps                 256x256x200 MR MIP spun 10 degrees per frame, software GL
// The series are generated here (synthetic, no patient), written as one file per slice.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type * as syntheticSeries from '../test/support/syntheticSeries.js';
import { median, type BenchContext } from './figures.ts';
import { loadBrowserSupport, loadModules } from './loadModules.ts';

const CT = { columns: 512, rows: 512, slices: 600 };
const MRA = { columns: 256, rows: 256, slices: 200 };
/** Volume loads and plain fetches, alternating; each figure is the median (and minimum) of these. */
const RUNS = 5;

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

interface VolumeRun {
  first: number;
  planeFirst: number;
  whole: number;
  drawn: number;
  slicesAtFirst: number;
  openDelay: number;
  fromWorker: number;
  peaks: { renderer: number; gpu: number; all: number };
  before: { renderer: number; gpu: number; all: number };
}

/** Opens the CT (the stack shows slice 1), then MPR; measures until the whole volume is in. */
async function volumeRun(page: Page): Promise<VolumeRun> {
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
  // The peak runs to the whole volume drawn: its upload to the texture is part of the load.
  clearInterval(sampler);
  sample();
  const drawn = Number(await axial.getAttribute('data-volume-drawn-ms')) + openDelay;
  const slicesAtFirst = Number(await axial.getAttribute('data-slices-at-first-image'));
  const fromWorker = Number(await axial.getAttribute('data-slices-from-worker'));
  return { first, planeFirst, whole, drawn, slicesAtFirst, openDelay, fromWorker, peaks, before };
}

/**
 * What the load is up against: the same files fetched in a worker, six at a time (the browser's
 * connections per host), and nothing done with them; milliseconds.
 */
async function fetchOnly(page: Page, description: string): Promise<{ ms: number; peakMb: number }> {
  let peakMb = 0;
  const sampler = setInterval(() => {
    for (const entry of descendantsRss(process.pid))
      if (entry.kind === 'renderer') peakMb = Math.max(peakMb, entry.mb);
  }, 50);
  const ms = await page.evaluate(async (description) => {
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
    if (urls.length === 0) throw new Error('the CT series was not found');
    return ms;
  }, description);
  clearInterval(sampler);
  return { ms, peakMb };
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
    const importer = await browser.newContext();
    const importPage = await importer.newPage();
    await importPage.goto(host.launchUrl);
    for (const folder of ['ct', 'mra'])
      await importPage.evaluate(
        (path) => window.mitate.invoke('library.importPaths', { paths: [path] }),
        join(data, folder),
      );
    await importer.close();

    // Each run in a new context (a new renderer process, nothing cached), the volume's load and
    // the plain fetch alternating which goes first, so a busy spell on the shared machine falls
    // on both sides alike.
    const loads: VolumeRun[] = [];
    const fetches: number[] = [];
    const fetchPeaks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? (['load', 'fetch'] as const) : (['fetch', 'load'] as const);
      for (const side of order) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
        const page = await context.newPage();
        await page.goto(host.launchUrl);
        if (side === 'load') loads.push(await volumeRun(page));
        else {
          const fetched = await fetchOnly(page, 'Bench CT 600');
          fetches.push(fetched.ms);
          fetchPeaks.push(fetched.peakMb);
        }
        await context.close();
      }
    }
    const load = (await readFile('/proc/loadavg', 'utf8')).split(' ')[0]!;
    const firsts = loads.map((run) => run.first);
    const wholes = loads.map((run) => run.whole);
    const renderers = loads.map((run) => run.peaks.renderer);
    const ratios = loads.map((run, index) => run.whole / fetches[index]!);
    const runs = { runs: RUNS, load_average: load, cores: availableParallelism() };
    print('viewer.volume_first_slice_ms', median(firsts), 'ms', {
      target: '<300',
      volume: '512x512x600 int16',
      measured:
        "MPR pressed to the middle slice on screen (2D preview, or the plane's first draw without one), median",
      min_ms: Math.round(Math.min(...firsts)),
      plane_first_draw_ms: Math.round(median(loads.map((run) => run.planeFirst))),
      slices_at_plane_first_draw: median(loads.map((run) => run.slicesAtFirst)),
      key_to_cells_ms: Math.round(median(loads.map((run) => run.openDelay))),
      ...runs,
    });
    print('viewer.volume_load_ms', median(wholes), 'ms', {
      target: '<1.2x volume_fetch_only_ms',
      measured: 'MPR pressed to every slice in the volume, median',
      min_ms: Math.round(Math.min(...wholes)),
      whole_volume_drawn_ms: Math.round(median(loads.map((run) => run.drawn))),
      slices_from_worker: median(loads.map((run) => run.fromWorker)),
      ...runs,
    });
    print('viewer.volume_fetch_only_ms', median(fetches), 'ms', {
      measured: `the ${CT.slices} files of the 512x512x600 CT downloaded in a worker, 6 at a time, nothing else done, each run in a fresh page: what volume_load_ms cannot go below with this host and browser; median`,
      min_ms: Math.round(Math.min(...fetches)),
      ...runs,
    });
    print('viewer.volume_load_vs_fetch', median(wholes) / median(fetches), 'ratio', {
      target: '<1.2',
      measured: 'median volume_load_ms / median volume_fetch_only_ms, same browser, same run',
      min_ratio: Number((Math.min(...wholes) / Math.min(...fetches)).toFixed(2)),
      paired_ratios: ratios.map((ratio) => Number(ratio.toFixed(2))),
      ...runs,
    });
    print('viewer.volume_peak_rss_mb', median(renderers), 'MB', {
      target: `<${Math.round(2 * rawMb)} (2x raw ${Math.round(rawMb)} MB)`,
      measured:
        'peak RSS of the page renderer process (page, decoded slices, decode workers), median of the runs',
      max_mb: Math.round(Math.max(...renderers)),
      ratio_to_raw: Number((median(renderers) / rawMb).toFixed(2)),
      renderer_before_mpr_mb: Math.round(median(loads.map((run) => run.before.renderer))),
      growth_mb: Math.round(median(loads.map((run) => run.peaks.renderer - run.before.renderer))),
      gpu_process_peak_mb: Math.round(median(loads.map((run) => run.peaks.gpu))),
      gpu_process_before_mpr_mb: Math.round(median(loads.map((run) => run.before.gpu))),
      all_processes_peak_mb: Math.round(median(loads.map((run) => run.peaks.all))),
      // The same files fetched in a fresh page and thrown away: what the browser's own download
      // leaves in the renderer, none of it the volume.
      fetch_only_renderer_peak_mb: Math.round(median(fetchPeaks)),
      ...runs,
    });

    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(host.launchUrl);
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
