import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { grabGray, type Gray, volumeCorners } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test } from './fixtures.js';

// A synthetic TOF-like volume: 64 columns (x, patient left), 48 rows (y, posterior), 40 slices
// 2 mm apart (z, head), faint background and one bright 3x3x3 cube centred on a known voxel.
const COLUMNS = 64;
const ROWS = 48;
const SLICES = 40;
const SPOT = { i: 44, j: 14, k: 28 };
const BACKGROUND = 200;
const BRIGHT = 3000;

function voxel(i: number, j: number, k: number): number {
  const near = Math.abs(i - SPOT.i) <= 1 && Math.abs(j - SPOT.j) <= 1 && Math.abs(k - SPOT.k) <= 1;
  return near ? BRIGHT : BACKGROUND;
}

let folder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-mpr-'));
  await writeSyntheticSeries({
    folder,
    modality: 'MR',
    description: 'TOF_3D synthetic angiography',
    seriesNumber: 7,
    rows: ROWS,
    columns: COLUMNS,
    pixelSpacing: [1, 1],
    positions: axialPositions(SLICES, 2, [-32, -24, -40]),
    voxel,
    window: { center: 1500, width: 3000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.77',
  });
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Screen position of voxel index `fraction` along the first/last voxel corners the viewport reports. */
async function corners(viewport: Locator): Promise<[number, number, number, number]> {
  await expect(viewport).toHaveAttribute('data-volume-corners', /\d/);
  return (await volumeCorners(viewport))!;
}

/** Centroid of the pixels brighter than `threshold`, in the element's own pixels. */
function brightCentroid(gray: Gray, threshold: number): { x: number; y: number; count: number } {
  let x = 0;
  let y = 0;
  let count = 0;
  for (let row = 0; row < gray.height; row++) {
    for (let column = 0; column < gray.width; column++) {
      if (gray.values[row * gray.width + column]! > threshold) {
        x += column;
        y += row;
        count++;
      }
    }
  }
  return { x: x / count, y: y / count, count };
}

async function waitForVolume(page: Page, cell: number): Promise<Locator> {
  const viewport = page.getByTestId('viewport').nth(cell);
  await expect(viewport).toHaveAttribute('data-volume-loaded-ms', /\d/, { timeout: 30_000 });
  await expect(viewport).toHaveAttribute('data-status', 'ready');
  return viewport;
}

/** Which voxel axis runs along the screen's x and y in each plane, as radiologists hang them. */
const AXES = {
  axial: { x: 'i', y: 'j', letters: { top: 'A', bottom: 'P', left: 'R', right: 'L' } },
  coronal: { x: 'i', y: 'k', letters: { top: 'H', bottom: 'F', left: 'R', right: 'L' } },
  sagittal: { x: 'j', y: 'k', letters: { top: 'H', bottom: 'F', left: 'A', right: 'P' } },
} as const;
const SIZE = { i: COLUMNS, j: ROWS, k: SLICES } as const;

async function expectSpotWhereItBelongs(
  page: Page,
  cell: number,
  plane: keyof typeof AXES,
): Promise<void> {
  const viewport = await waitForVolume(page, cell);
  await page.waitForTimeout(300);
  const [x0, y0, x1, y1] = await corners(viewport);
  const axes = AXES[plane];
  // Radiological hanging: patient left on screen right (axial, coronal), anterior on the left
  // (sagittal), posterior down (axial), head up (coronal, sagittal).
  expect(x1, `${plane}: screen x grows with ${axes.x}`).toBeGreaterThan(x0);
  if (plane === 'axial') expect(y1, 'axial: posterior is down').toBeGreaterThan(y0);
  else expect(y1, `${plane}: head is up`).toBeLessThan(y0);
  const expectedX = x0 + (SPOT[axes.x] / (SIZE[axes.x] - 1)) * (x1 - x0);
  const expectedY = y0 + (SPOT[axes.y] / (SIZE[axes.y] - 1)) * (y1 - y0);
  const voxelOnScreen = Math.abs(x1 - x0) / (SIZE[axes.x] - 1);

  const spot = brightCentroid(await grabGray(viewport), 215);
  expect(spot.count, `${plane}: the bright cube is drawn`).toBeGreaterThan(4);
  expect(Math.abs(spot.x - expectedX), `${plane}: x of the bright voxel`).toBeLessThan(
    voxelOnScreen * 1.0 + 1,
  );
  expect(Math.abs(spot.y - expectedY), `${plane}: y of the bright voxel`).toBeLessThan(
    voxelOnScreen * 1.0 + 1,
  );

  const stage = page.getByTestId('viewer-stage').nth(cell);
  for (const [edge, letter] of Object.entries(axes.letters))
    await expect(stage.getByTestId(`orientation-${edge}`)).toHaveText(letter);
}

test('a TOF series opens on an axial MIP beside its source, and the MIP shows a bright voxel where it is in all three planes', async ({
  app,
}, testInfo) => {
  await openPath(app, folder);
  const viewports = app.getByTestId('viewport');
  await expect(viewports).toHaveCount(2);
  await expect(viewports.nth(0)).toHaveAttribute('data-projection', 'mip');
  await expect(viewports.nth(0)).toHaveAttribute('data-view', 'axial');
  await expect(viewports.nth(1)).toHaveAttribute('data-view', 'stack');
  await app.screenshot({ path: testInfo.outputPath('tof-hanging.png') });

  // Overlay text off: only the image (and the dim orientation letters) may be bright.
  await app.getByTestId('tool-overlay').click();
  await app.getByTestId('slab-thickness').selectOption('200');
  await expectSpotWhereItBelongs(app, 0, 'axial');

  // MPR: three planes; each becomes a full-depth MIP.
  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  await expect(viewports).toHaveCount(3);
  const planes = ['axial', 'sagittal', 'coronal'] as const;
  for (const [cell, plane] of planes.entries()) {
    await expect(viewports.nth(cell)).toHaveAttribute('data-view', plane);
    await app.getByTestId('viewer-stage').nth(cell).click();
    await app.getByTestId('projection').selectOption('mip');
  }
  for (const [cell, plane] of planes.entries()) await expectSpotWhereItBelongs(app, cell, plane);
  await app.getByTestId('tool-overlay').click();
  await app.screenshot({ path: testInfo.outputPath('mip-three-planes.png') });
});

test('MPR slices of the synthetic volume: the axial plane through the bright voxel shows it, a plane away from it does not', async ({
  app,
}, testInfo) => {
  await openPath(app, folder);
  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  const axial = await waitForVolume(app, 0);
  // Scroll the axial plane to slice k = SPOT.k (1-based in the corner text).
  const stage = app.getByTestId('viewer-stage').nth(0);
  await stage.focus();
  await app.keyboard.press('Home');
  const slice = app.getByTestId('slice-text').nth(0);
  await expect(slice).toHaveText(`スライス 1 / ${SLICES}`);
  for (let step = 0; step < SPOT.k; step++) await app.keyboard.press('ArrowDown');
  await expect(slice).toHaveText(`スライス ${SPOT.k + 1} / ${SLICES}`);
  // Overlay text off (key I keeps the focus on the viewport), so only image pixels are bright.
  await app.keyboard.press('i');
  await app.waitForTimeout(300);
  const on = brightCentroid(await grabGray(axial), 215);
  expect(on.count).toBeGreaterThan(4);
  await app.keyboard.press('PageUp');
  await app.waitForTimeout(300);
  // Crosshair lines are coloured, not bright grey: nothing above the threshold ten slices away.
  const off = brightCentroid(await grabGray(axial), 215);
  expect(off.count).toBeLessThan(on.count / 4);
  await app.screenshot({ path: testInfo.outputPath('mpr-slices.png') });
});
