/**
 * Overlays the app draws itself (the finding marker, the MIP's outlines) are placed from patient
 * coordinates on every render, so they stay on the lesion when the panes change size: the window
 * resized, the library strip opened. The synthetic MRA phantom (known aneurysm positions) is
 * analysed offline by the reference service and imported with its results, as in reviewSegmentations.spec.ts.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { repoRoot } from '../support/paths.js';
import { meanNear, saturation, screenRgb } from '../support/screenColour.js';
import { expect, openPath, test } from './fixtures.js';

const run = promisify(execFile);
const platformCli = join(repoRoot, 'dist/platform/cli.js');

interface Truth {
  aneurysms: { center_mm: [number, number, number]; diameter_mm: number }[];
}
let work = '';
let folder = '';
let truth: Truth;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(join(tmpdir(), 'mitate-review-resize-'));
  // Seed 9 at 96x96x100 (the service needs 100 slices) has three aneurysms, all found (mainJob.spec.ts).
  await run(process.execPath, [
    platformCli,
    'phantom',
    '--seed',
    '9',
    '--size',
    '96x96x100',
    '--out',
    join(work, 'mra'),
  ]);
  await run(process.execPath, [
    platformCli,
    'analyze',
    '--service',
    'aneurysm-mra',
    '--in',
    join(work, 'mra'),
    '--out',
    join(work, 'results'),
  ]);
  truth = JSON.parse(await readFile(join(work, 'mra', 'truth.json'), 'utf8')) as Truth;
  folder = join(work, 'together');
  await mkdir(folder);
  for (const from of ['mra', 'results']) {
    for (const name of await readdir(join(work, from)))
      if (name.endsWith('.dcm'))
        await copyFile(join(work, from, name), join(folder, `${from}-${name}`));
  }
});
test.afterAll(async () => {
  if (work !== '') await rm(work, { recursive: true, force: true });
});

/** The centre of the finding marker drawn over `stage`, in the stage's CSS pixels. */
async function markerCentre(stage: Locator): Promise<{ x: number; y: number }> {
  const marker = stage.locator('.finding-marker');
  await expect(marker).toBeVisible();
  const [box, stageBox] = [(await marker.boundingBox())!, (await stage.boundingBox())!];
  return { x: box.x + box.width / 2 - stageBox.x, y: box.y + box.height / 2 - stageBox.y };
}

/** The marker sits on the segmentation's tint of the lesion, and the original beside it shows the bright vessel there. */
async function expectMarkerOnLesion(page: Page, name: string): Promise<void> {
  const annotatedStage = page.getByTestId('review-annotated').locator('..');
  const originalStage = page.getByTestId('review-original').locator('..');
  await page.waitForTimeout(400);
  const centre = await markerCentre(annotatedStage);
  await page.screenshot({ path: `test-results/review-resize-${name}.png` });
  const tint = meanNear(await screenRgb(annotatedStage), centre.x, centre.y);
  const grey = meanNear(await screenRgb(originalStage), centre.x, centre.y);
  expect(
    saturation(tint),
    `${name}: the marker's centre ${centre.x.toFixed(0)},${centre.y.toFixed(0)} on the tinted lesion (${tint.map(Math.round).join(',')})`,
  ).toBeGreaterThan(40);
  expect(Math.max(...grey), `${name}: the vessel is bright there in the original`).toBeGreaterThan(
    30,
  );
}

/**
 * Where the MIP's outlines are, in units of the drawn MIP's height from its top and its centre
 * (its non-black pixels' bounding box): a drawing that follows the image keeps the same figures
 * at any size. The corner text is hidden for the picture: it is light too, and it wraps
 * differently when the pane narrows.
 */
async function outlinesOnMip(
  page: Page,
  name: string,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const mip = page.getByTestId('review-mip');
  const stage = mip.locator('..');
  await page.waitForTimeout(400);
  const png = PNG.sync.read(
    await stage.screenshot({
      animations: 'disabled',
      style: '.corner-band { visibility: hidden !important; }',
      path: `test-results/review-resize-mip-${name}.png`,
    }),
  );
  // Above the page's own dark grey (11,13,16), which shows at the pane's edge.
  const image = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  const outline = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const rgb = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      const box = saturation(rgb) > 60 ? outline : Math.max(...rgb) > 24 ? image : undefined;
      if (box === undefined) continue;
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
    }
  }
  expect(outline.x1, `${name}: outlines drawn`).toBeGreaterThan(outline.x0);
  // A narrow pane crops the MIP at its sides (the camera keeps it centred and fits its height),
  // so the image's height is the scale and its centre the origin; the height must be whole,
  // with black above and below it.
  expect(image.y0, `${name}: black above the MIP`).toBeGreaterThan(0);
  expect(image.y1, `${name}: black below the MIP`).toBeLessThan(png.height - 1);
  const scale = image.y1 - image.y0;
  const centre = (image.x0 + image.x1) / 2;
  return {
    x: (outline.x0 - centre) / scale,
    y: (outline.y0 - image.y0) / scale,
    width: (outline.x1 - outline.x0) / scale,
    height: (outline.y1 - outline.y0) / scale,
  };
}

test('the finding marker and the MIP outlines stay on the lesion when the window is resized and a panel opens', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await app.setViewportSize({ width: 1400, height: 860 });
  await openPath(app, folder);
  await expect(app.getByTestId('review-open')).toBeEnabled({ timeout: 60_000 });
  await app.getByTestId('review-open').click();
  await expect(app.getByTestId('review-annotated')).toHaveAttribute('data-overlay', 'ready', {
    timeout: 90_000,
  });
  const rows = app.getByTestId('finding');
  await expect(rows).toHaveCount(truth.aneurysms.length);
  await expect(app.getByTestId('review-mip')).toHaveAttribute('data-status', 'ready', {
    timeout: 60_000,
  });

  // The finding of the largest aneurysm: its marker and outline are the easiest to see.
  await rows.nth(0).getByTestId('finding-select').click();
  await expect(app.getByTestId('review-annotated')).toHaveAttribute('data-marker', /\d/);
  await expectMarkerOnLesion(app, 'before');
  const mipBefore = await outlinesOnMip(app, 'before');

  await app.setViewportSize({ width: 1100, height: 700 });
  await expectMarkerOnLesion(app, 'window-resized');
  const mipAfter = await outlinesOnMip(app, 'window-resized');
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(
      Math.abs(mipAfter[key] - mipBefore[key]),
      `MIP outlines ${key}: ${mipBefore[key].toFixed(3)} before, ${mipAfter[key].toFixed(3)} after`,
    ).toBeLessThan(0.03);
  }
  // The library strip opens beside the review: the panes narrow again.
  await app.getByTestId('library-fold').click();
  await expect(app.getByTestId('study-row')).toBeVisible();
  await expectMarkerOnLesion(app, 'library-shown');
});
