// `npm run bench`: one JSON line per figure. Speed is measured here, never asserted in tests.
//   viewer.time_to_first_image_ms  96-slice MR, "open series" to first drawn frame, headless Chromium
//   viewer.scroll_fps              frames drawn per second while scrolling that series
//   import.files_per_s             header import of 960 instances (the MR ten times, new UIDs)
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import dicomParser from 'dicom-parser';
import type * as importStudiesModule from '../main/library/importStudies.js';
import type * as studyLibraryModule from '../main/library/studyLibrary.js';
import { printer, type FeatureBench } from './figures.ts';
import { loadBrowserSupport } from './loadModules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const MR = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
const print = printer(1);

/** Copies of the MR with new Study/Series/SOP UIDs written over the old ones (same length). */
async function makeCopies(target: string, copies: number): Promise<void> {
  const files = (await readdir(MR)).sort();
  for (let copy = 0; copy < copies; copy++) {
    const folder = join(target, `copy-${copy}`);
    await mkdir(folder, { recursive: true });
    for (const file of files) {
      const bytes = new Uint8Array(await readFile(join(MR, file)));
      const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
      for (const tag of ['x00020003', 'x00080018', 'x0020000d', 'x0020000e']) {
        const element = dataSet.elements[tag];
        if (element === undefined) continue;
        // "1.3.12.2…" -> "1.3.1<copy>.2…": the 6th character is a digit in every UID here, and
        // changing it keeps the UIDs unique within a copy and makes them new across copies.
        bytes[element.dataOffset + 5] = String(copy).charCodeAt(0);
      }
      await writeFile(join(folder, file), bytes);
    }
  }
}

async function benchImport() {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-bench-'));
  await makeCopies(dir, 10);
  const { importStudies }: typeof importStudiesModule = await import(
    join(root, 'dist/bench/importStudies.js')
  );
  const { StudyLibrary }: typeof studyLibraryModule = await import(
    join(root, 'dist/bench/studyLibrary.js')
  );
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const library = new StudyLibrary();
    const start = performance.now();
    const report = await importStudies(library, [dir], { signal: new AbortController().signal });
    const seconds = (performance.now() - start) / 1000;
    if (report.instancesAdded !== 960)
      throw new Error(`expected 960 instances, got ${report.instancesAdded}`);
    runs.push(960 / seconds);
  }
  await rm(dir, { recursive: true, force: true });
  runs.sort((a, b) => a - b);
  print('import.files_per_s', runs[1]!, 'files/s', {
    target: '>1000',
    runs: runs.map((r) => Math.round(r)),
  });
}

async function benchViewer() {
  const { startDevHostProcess, chromiumLaunchOptions } = await loadBrowserSupport(root);
  const host = await startDevHostProcess();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(host.launchUrl);
    await page.evaluate(
      (path) => window.mitate.invoke('library.importPaths', { paths: [path] }),
      MR,
    );
    const firstImage: number[] = [];
    for (let run = 0; run < 5; run++) {
      // A cold open each time: fresh page, nothing decoded yet.
      await page.reload();
      await page.getByTestId('study-row').first().click();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>('[data-testid=viewport]')?.dataset.firstImageMs,
        null,
        { timeout: 30_000 },
      );
      firstImage.push(
        Number(await page.getByTestId('viewport').getAttribute('data-first-image-ms')),
      );
    }
    firstImage.sort((a, b) => a - b);
    print('viewer.time_to_first_image_ms', firstImage[2]!, 'ms', {
      target: '<500',
      runs: firstImage,
    });

    // Let prefetch finish, then scroll as a reader does with a held arrow key or a fast wheel:
    // input events arrive on their own clock (here every 8 ms, faster than the 60 Hz display), and
    // the figure is how many distinct slices the viewer drew per second. (Sending each key from
    // inside an animation-frame callback, as this once did, drops every other slice by
    // construction, whatever the drawing costs, and so cannot measure the viewer.)
    await page.waitForTimeout(3000);
    const fps = await page.evaluate(async () => {
      const viewport = document.querySelector<HTMLElement>('[data-testid=viewport]')!;
      const stage = document.querySelector('[data-testid=viewer-stage]')!;
      const rendered = () => Number(viewport.dataset.renderCount);
      const before = rendered();
      const start = performance.now();
      let step = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const key = Math.floor(step / 95) % 2 === 0 ? 'ArrowDown' : 'ArrowUp';
          stage.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          if (++step >= 380) {
            clearInterval(timer);
            resolve();
          }
        }, 8);
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ((rendered() - before) / (performance.now() - start)) * 1000;
    });
    print('viewer.scroll_fps', fps, 'fps', {
      target: '60',
      note: 'software GL (SwiftShader), 128x128 slices, key events every 8 ms; the display caps it at 60',
    });
  } finally {
    await browser.close();
    await host.stop();
  }
}

// `node bench/run.ts [group...]` runs only the named groups: `import`, `stack` (the stack
// viewer's first image and scroll) or a feature file's name (`viewer` for viewer.bench.ts).
// Without names everything runs, as `npm run bench` does.
const groups = process.argv.slice(2);
const wanted = (group: string): boolean => groups.length === 0 || groups.includes(group);

if (wanted('import')) await benchImport();
if (wanted('stack')) await benchViewer();

// Each feature keeps its own figures in bench/<feature>.bench.ts, exporting
// `default async function ({ root, print })` (a FeatureBench); they run here in name order.
for (const file of readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts') && wanted(name.slice(0, -'.bench.ts'.length)))
  .sort()) {
  const { default: benchFeature }: { default: FeatureBench } = await import(
    join(root, 'bench', file)
  );
  await benchFeature({ root, print });
}
