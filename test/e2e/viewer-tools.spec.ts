import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { grabGray, imageRect } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, openTestFolder, test, waitForImage } from './fixtures.js';

let root = '';
const UID = '1.2.826.0.1.3680043.10.1234.78';

// CT phantom, 64x64 at 0.5 mm: water-like 40 HU everywhere, a 1000 HU square at columns and
// rows 40-55. Stored values are HU + 1024 (Rescale Intercept -1024).
const CT = { columns: 64, rows: 64, spacing: 0.5 };
const ctVoxel = (i: number, j: number): number => (i >= 40 && i <= 55 && j >= 40 && j <= 55 ? 1000 : 40) + 1024;

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-tools-'));
  await writeSyntheticSeries({
    folder: join(root, 'ct'),
    modality: 'CT',
    description: 'Phantom CT',
    seriesNumber: 1,
    rows: CT.rows,
    columns: CT.columns,
    pixelSpacing: [CT.spacing, CT.spacing],
    positions: axialPositions(3, 1),
    voxel: ctVoxel,
    window: { center: 40, width: 400 },
    uidRoot: `${UID}.1`,
  });
  // Two MR series in one frame of reference: A has 20 slices 1 mm apart, B 10 slices 2 mm apart,
  // both starting at z = 0. A's slice 9 (z = 8 mm) is B's slice 5.
  for (const [number, count, spacing] of [
    [1, 20, 1],
    [2, 10, 2],
  ] as const) {
    await writeSyntheticSeries({
      folder: join(root, 'pair', `series-${number}`),
      modality: 'MR',
      description: `Pair ${number === 1 ? 'A' : 'B'}`,
      seriesNumber: number,
      rows: 32,
      columns: 32,
      pixelSpacing: [1, 1],
      positions: axialPositions(count, spacing),
      voxel: (i, j, k) => 100 + ((i + j + k) % 7) * 50,
      window: { center: 300, width: 600 },
      uidRoot: `${UID}.2`,
      studyUid: `${UID}.2.1`,
      frameOfReference: `${UID}.2.3`,
    });
  }
  // Uneven spacing: a slice missing between z = 2 and z = 4.
  await writeSyntheticSeries({
    folder: join(root, 'uneven'),
    modality: 'MR',
    description: 'Gap',
    seriesNumber: 1,
    rows: 16,
    columns: 16,
    pixelSpacing: [1, 1],
    positions: [0, 1, 2, 4, 5].map((z) => [0, 0, z] as [number, number, number]),
    voxel: (i, j) => 100 + i + j,
    window: { center: 120, width: 100 },
    uidRoot: `${UID}.3`,
  });
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Screen point of the centre of image pixel (column, row) in the first viewport. */
async function screenPoint(page: Page, column: number, row: number): Promise<{ x: number; y: number }> {
  const viewport = page.getByTestId('viewport').first();
  const rect = await imageRect(viewport);
  const box = (await viewport.boundingBox())!;
  return { x: box.x + rect.x + ((column + 0.5) * rect.width) / CT.columns, y: box.y + rect.y + ((row + 0.5) * rect.height) / CT.rows };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

function measurementValue(page: Page, tool: string, name: string) {
  return page.locator(`[data-testid=measurement][data-tool=${tool}] [data-name=${name}]`);
}

/** cornerstone computes statistics after the mouse is released: wait until the value settles. */
async function settledValue(page: Page, tool: string, name: string, expected: number, tolerance: number): Promise<void> {
  const locator = measurementValue(page, tool, name);
  await expect.poll(async () => Math.abs(Number(await locator.getAttribute('data-value')) - expected), { message: `${tool} ${name}` }).toBeLessThan(tolerance);
}

test('length, ellipse ROI (HU) and probe give the phantom values; measurements survive a layout change and can be deleted', async ({ app }, testInfo) => {
  await openPath(app, join(root, 'ct'));
  await waitForImage(app);

  await app.getByTestId('tool-length').click();
  // Columns 10 -> 50 on row 20: 40 pixels of 0.5 mm.
  await drag(app, await screenPoint(app, 10, 20), await screenPoint(app, 50, 20));
  const length = measurementValue(app, 'Length', 'length');
  await expect(length).toHaveCount(1);
  await settledValue(app, 'Length', 'length', 20, 0.3);

  await app.getByTestId('tool-ellipse').click();
  // cornerstone draws an ellipse from its centre: semi-axes 10 x 8 pixels = 5 x 4 mm.
  await drag(app, await screenPoint(app, 18, 18), await screenPoint(app, 28, 26));
  const mean = measurementValue(app, 'EllipticalROI', 'mean');
  await expect(mean).toHaveCount(1);
  await settledValue(app, 'EllipticalROI', 'mean', 40, 0.05);
  await settledValue(app, 'EllipticalROI', 'sd', 0, 0.05);
  await expect(mean).toContainText('HU');
  await settledValue(app, 'EllipticalROI', 'area', Math.PI * 5 * 4, 2);

  await app.getByTestId('tool-probe').click();
  const inSquare = await screenPoint(app, 47, 47);
  await app.mouse.click(inSquare.x, inSquare.y);
  const probe = measurementValue(app, 'Probe', 'value');
  await expect(probe).toHaveCount(1);
  await settledValue(app, 'Probe', 'value', 1000, 0.5);
  await app.screenshot({ path: testInfo.outputPath('measurements.png') });

  // Another layout and back: the measurements are still there.
  await app.getByTestId('layout-2x2').click();
  await expect(app.getByTestId('viewport')).toHaveCount(4);
  await app.getByTestId('layout-1x1').click();
  await expect(app.getByTestId('viewport')).toHaveCount(1);
  await expect(app.getByTestId('measurement')).toHaveCount(3);

  await app.locator('[data-testid=measurement][data-tool=Length] [data-testid=measurement-delete]').click();
  await expect(app.getByTestId('measurement')).toHaveCount(2);
  await expect(measurementValue(app, 'Length', 'length')).toHaveCount(0);
});

test('the probe reads the pixel drawn under it, on both sides of an edge found in the drawn image', async ({ app }) => {
  await openPath(app, join(root, 'ct'));
  await waitForImage(app);
  const viewport = app.getByTestId('viewport').first();
  // A window with both 40 and 1000 HU on its linear part, so that the edge is drawn half way
  // between the two at the pixels' border whether the data are interpolated before windowing
  // (WebGL) or after (the CPU path).
  await app.getByTestId('window-preset').selectOption('ctBone');
  await expect(app.getByTestId('window-text')).toHaveText('WL 400 / WW 1800');
  await app.waitForTimeout(200);
  // Where the square's edges are on screen, from the drawn pixels alone (not from the viewer's
  // own mapping, which is what is checked): along its middle row, where the grey level crosses
  // half way from the background's to the square's.
  const rect = await imageRect(viewport);
  const shot = await grabGray(viewport);
  const y = Math.round(rect.y + (47.5 * rect.height) / CT.rows);
  const line = Array.from({ length: shot.width }, (_, x) => shot.values[y * shot.width + x]!);
  const at = (column: number): number => line[Math.round(rect.x + ((column + 0.5) * rect.width) / CT.columns)]!;
  const half = (at(30) + at(47)) / 2;
  expect(at(47) - at(30)).toBeGreaterThan(50);
  const crossing = (x: number): number => x + 0.5 + (half - line[x]!) / (line[x + 1]! - line[x]!);
  const rise = line.findIndex((value, x) => value < half && line[x + 1]! >= half);
  const fall = line.findIndex((value, x) => x > rise && value >= half && line[x + 1]! < half);
  expect(rise).toBeGreaterThan(0);
  expect(fall).toBeGreaterThan(rise);
  const left = crossing(rise);
  const right = crossing(fall);
  const pixel = (right - left) / 16;
  expect(pixel).toBeGreaterThan(4);

  await app.getByTestId('tool-probe').click();
  const box = (await viewport.boundingBox())!;
  // A quarter pixel either side of each edge: columns 39 (outside), 40, 55 (inside) and 56
  // (outside). A mapping half a pixel off reads the neighbour at two of them.
  const expected = [40, 1000, 1000, 40];
  const xs = [left - pixel / 4, left + pixel / 4, right - pixel / 4, right + pixel / 4];
  // Each on its own row inside the square (the edges are vertical), or a click would pick up the
  // probe before it instead of placing a new one.
  const rowY = (row: number): number => rect.y + ((row + 0.5) * rect.height) / CT.rows;
  for (const [index, x] of xs.entries()) await app.mouse.click(box.x + x, box.y + rowY(42 + 4 * index));
  const probes = measurementValue(app, 'Probe', 'value');
  await expect(probes).toHaveCount(4);
  for (const [index, value] of expected.entries()) {
    await expect.poll(async () => Number(await probes.nth(index).getAttribute('data-value')), { message: `probe ${index}` }).toBeCloseTo(value, 0);
  }
});

test('with scroll synchronized, scrolling one series moves the other in the same frame of reference to the same position', async ({ app }) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  await app.getByTestId('layout-1x2').click();
  await expect(app.getByTestId('viewport')).toHaveCount(2);

  // Drag series B from the series list onto the right viewport.
  await app.getByTestId('series-item').filter({ hasText: 'Pair B' }).dragTo(app.getByTestId('viewer-cell').nth(1));
  const right = app.getByTestId('slice-text').nth(1);
  await expect(right).toHaveText('スライス 1 / 10');
  await expect(app.getByTestId('corner-bottom-left').nth(1)).toContainText('Pair B');
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-pressed', 'true');

  const left = app.getByTestId('slice-text').nth(0);
  await app.getByTestId('viewer-stage').nth(0).focus();
  for (let step = 0; step < 8; step++) await app.keyboard.press('ArrowDown');
  await expect(left).toHaveText('スライス 9 / 20');
  await expect(right).toHaveText('スライス 5 / 10');

  // Unlinked: the right viewport stays where it is.
  await app.getByTestId('sync-scroll').click();
  await app.getByTestId('viewer-stage').nth(0).focus();
  for (let step = 0; step < 4; step++) await app.keyboard.press('ArrowDown');
  await expect(left).toHaveText('スライス 13 / 20');
  await app.waitForTimeout(300);
  await expect(right).toHaveText('スライス 5 / 10');
});

test('with zoom and pan synchronized, zooming and panning one series does the same to the other', async ({ app }) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  await app.getByTestId('layout-1x2').click();
  await app.getByTestId('series-item').filter({ hasText: 'Pair B' }).dragTo(app.getByTestId('viewer-cell').nth(1));
  await expect(app.getByTestId('corner-bottom-left').nth(1)).toContainText('Pair B');
  await app.getByTestId('sync-zoomPan').click();
  await expect(app.getByTestId('sync-zoomPan')).toHaveAttribute('aria-pressed', 'true');
  const [left, right] = [0, 1].map((index) => app.getByTestId('viewport').nth(index));
  const zoomText = (index: number) => app.getByTestId('corner-bottom-right').nth(index);
  await expect(zoomText(1)).toContainText('拡大 100%');
  const before = await imageRect(right!);

  // Right button zooms (dragging up zooms out), middle pans, whatever tool is chosen.
  const box = (await left!.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await app.mouse.move(centre.x, centre.y);
  await app.mouse.down({ button: 'right' });
  await app.mouse.move(centre.x, centre.y - 100, { steps: 6 });
  await app.mouse.up({ button: 'right' });
  await expect(zoomText(0)).not.toContainText('拡大 100%');
  const zoomed = (await zoomText(0).textContent())!.match(/拡大 \d+%/)![0];
  await expect(zoomText(1)).toContainText(zoomed);
  const zoomedRect = await imageRect(right!);
  expect(Math.abs(zoomedRect.width - before.width)).toBeGreaterThan(10);

  await app.mouse.move(centre.x, centre.y);
  await app.mouse.down({ button: 'middle' });
  await app.mouse.move(centre.x + 60, centre.y + 30, { steps: 6 });
  await app.mouse.up({ button: 'middle' });
  // Both series cover the same 32 mm square, so both images now lie in the same place.
  await expect.poll(async () => {
    const [a, b] = [await imageRect(left!), await imageRect(right!)];
    return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width));
  }).toBeLessThan(1.5);
  // The image follows the mouse: 60 px right and 30 px down, in both viewports.
  const after = await imageRect(right!);
  expect(Math.abs(after.x - zoomedRect.x - 60)).toBeLessThan(2);
  expect(Math.abs(after.y - zoomedRect.y - 30)).toBeLessThan(2);
});

test('a gantry-tilted CT and an unevenly spaced series are clearly flagged', async ({ app }, testInfo) => {
  await openTestFolder(app, 'ct-head-ge-gantry-tilt-subset');
  await waitForImage(app);
  await expect(app.getByTestId('geometry-tilt')).toContainText('ガントリ傾斜 18.5°');
  await app.screenshot({ path: testInfo.outputPath('gantry-tilt-warning.png') });

  await app.getByTestId('clear-library').click();
  await openPath(app, join(root, 'uneven'));
  await waitForImage(app);
  await expect(app.getByTestId('geometry-uneven')).toContainText('1.00〜2.00 mm');
  await expect(app.getByTestId('geometry-tilt')).toHaveCount(0);
});

test('the keyboard help lists the shortcuts and closes again', async ({ app }, testInfo) => {
  await openPath(app, join(root, 'ct'));
  await waitForImage(app);
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('?');
  const help = app.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  await expect(help).toContainText('キーボードショートカット');
  await expect(help).toContainText('距離計測');
  await app.screenshot({ path: testInfo.outputPath('help-overlay.png') });
  await app.getByTestId('help-close').click();
  await expect(help).toHaveCount(0);

  // Invert by key: the window text stays, the pixels turn over (checked by the invert property in the image).
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('v');
  await app.keyboard.press('h');
  await expect(app.getByTestId('orientation-left')).toHaveText('L');
  await expect(app.getByTestId('orientation-right')).toHaveText('R');
  // A quarter turn clockwise brings the left edge (L) to the top; a vertical flip is about the
  // screen's axis whatever the turn, so it swaps top and bottom.
  await app.keyboard.press(']');
  await expect(app.getByTestId('orientation-top')).toHaveText('L');
  await app.keyboard.press('j');
  for (const [edge, letter] of [['top', 'R'], ['bottom', 'L'], ['left', 'P'], ['right', 'A']] as const) {
    await expect(app.getByTestId(`orientation-${edge}`)).toHaveText(letter);
  }
});
