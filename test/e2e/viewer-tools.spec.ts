import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { PNG } from 'pngjs';
import { testData } from '../support/paths.js';
import { correlation, grabGray, imageRect, sampleAtImagePixels, stats } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, openTestFolder, test, waitForImage } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

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

  await chooseTool(app, 'tool-length');
  // Columns 10 -> 50 on row 20: 40 pixels of 0.5 mm.
  await drag(app, await screenPoint(app, 10, 20), await screenPoint(app, 50, 20));
  const length = measurementValue(app, 'Length', 'length');
  await expect(length).toHaveCount(1);
  await settledValue(app, 'Length', 'length', 20, 0.3);

  await chooseTool(app, 'tool-ellipse');
  // cornerstone draws an ellipse from its centre: semi-axes 10 x 8 pixels = 5 x 4 mm.
  await drag(app, await screenPoint(app, 18, 18), await screenPoint(app, 28, 26));
  const mean = measurementValue(app, 'EllipticalROI', 'mean');
  await expect(mean).toHaveCount(1);
  await settledValue(app, 'EllipticalROI', 'mean', 40, 0.05);
  await settledValue(app, 'EllipticalROI', 'sd', 0, 0.05);
  await expect(mean).toContainText('HU');
  await settledValue(app, 'EllipticalROI', 'area', Math.PI * 5 * 4, 2);

  await chooseTool(app, 'tool-probe');
  const inSquare = await screenPoint(app, 47, 47);
  await app.mouse.click(inSquare.x, inSquare.y);
  const probe = measurementValue(app, 'Probe', 'value');
  await expect(probe).toHaveCount(1);
  await settledValue(app, 'Probe', 'value', 1000, 0.5);
  await app.screenshot({ path: testInfo.outputPath('measurements.png') });

  // Another layout and back: the measurements are still there.
  await chooseTool(app, 'layout-2x2');
  await expect(app.getByTestId('viewport')).toHaveCount(4);
  await chooseTool(app, 'layout-1x1');
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

  await chooseTool(app, 'tool-probe');
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
  await chooseTool(app, 'layout-1x2');
  await expect(app.getByTestId('viewport')).toHaveCount(2);

  // Drag series B from the series list onto the right viewport.
  await app.getByTestId('series-item').filter({ hasText: 'Pair B' }).dragTo(app.getByTestId('viewer-cell').nth(1));
  const right = app.getByTestId('slice-text').nth(1);
  await expect(right).toHaveText('スライス 1 / 10');
  await expect(app.getByTestId('corner-bottom-left').nth(1)).toContainText('Pair B');
  await app.getByTestId('sync-menu').click();
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'true');
  await app.keyboard.press('Escape');

  const left = app.getByTestId('slice-text').nth(0);
  await app.getByTestId('viewer-stage').nth(0).focus();
  for (let step = 0; step < 8; step++) await app.keyboard.press('ArrowDown');
  await expect(left).toHaveText('スライス 9 / 20');
  await expect(right).toHaveText('スライス 5 / 10');

  // Unlinked: the right viewport stays where it is.
  await chooseTool(app, 'sync-scroll');
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'false');
  await app.keyboard.press('Escape');
  await app.getByTestId('viewer-stage').nth(0).focus();
  for (let step = 0; step < 4; step++) await app.keyboard.press('ArrowDown');
  await expect(left).toHaveText('スライス 13 / 20');
  await app.waitForTimeout(300);
  await expect(right).toHaveText('スライス 5 / 10');
});

test('with zoom and pan synchronized, zooming and panning one series does the same to the other', async ({ app }) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  await chooseTool(app, 'layout-1x2');
  await app.getByTestId('series-item').filter({ hasText: 'Pair B' }).dragTo(app.getByTestId('viewer-cell').nth(1));
  await expect(app.getByTestId('corner-bottom-left').nth(1)).toContainText('Pair B');
  await chooseTool(app, 'sync-zoomPan');
  await expect(app.getByTestId('sync-zoomPan')).toHaveAttribute('aria-checked', 'true');
  await app.keyboard.press('Escape');
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

/** Whether any screen pixel within `radius` of the point is coloured (annotations are; the phantom is grey). */
async function colouredNear(page: Page, point: { x: number; y: number }, radius = 3): Promise<boolean> {
  const viewport = page.getByTestId('viewport').first();
  const box = (await viewport.boundingBox())!;
  const png = PNG.sync.read(await viewport.screenshot({ animations: 'disabled' }));
  const cx = Math.round(point.x - box.x);
  const cy = Math.round(point.y - box.y);
  for (let y = cy - radius; y <= cy + radius; y++) {
    for (let x = cx - radius; x <= cx + radius; x++) {
      const offset = (y * png.width + x) * 4;
      const [red, green, blue] = [png.data[offset]!, png.data[offset + 1]!, png.data[offset + 2]!];
      if (Math.max(red, green, blue) - Math.min(red, green, blue) > 80) return true;
    }
  }
  return false;
}

test('angle, rectangle ROI and arrow annotation give their readouts and are drawn where they were placed', async ({ app }, testInfo) => {
  await openPath(app, join(root, 'ct'));
  await waitForImage(app);

  // Angle: first arm from (10,30) to the vertex (30,30), then the second arm's end (30,10): 90°.
  await chooseTool(app, 'tool-angle');
  await drag(app, await screenPoint(app, 10, 30), await screenPoint(app, 30, 30));
  const third = await screenPoint(app, 30, 10);
  await app.mouse.move(third.x, third.y, { steps: 4 });
  await app.mouse.click(third.x, third.y);
  // cornerstone holds a click for 400 ms in case a second one makes it a double click; moving
  // away (more than 3 px) hands it over at once, so the angle is finished before the next tool.
  await app.mouse.move(third.x + 12, third.y + 12, { steps: 3 });
  await expect(measurementValue(app, 'Angle', 'angle')).toHaveCount(1);
  await settledValue(app, 'Angle', 'angle', 90, 0.6);
  await expect(measurementValue(app, 'Angle', 'angle')).toContainText('°');

  // Rectangle ROI inside the 1000 HU square: columns and rows 42 -> 53 are 11 x 11 pixels of 0.5 mm.
  await chooseTool(app, 'tool-rectangle');
  await drag(app, await screenPoint(app, 42, 42), await screenPoint(app, 53, 53));
  await expect(measurementValue(app, 'RectangleROI', 'mean')).toHaveCount(1);
  await settledValue(app, 'RectangleROI', 'mean', 1000, 0.5);
  await settledValue(app, 'RectangleROI', 'sd', 0, 0.05);
  await expect(measurementValue(app, 'RectangleROI', 'mean')).toContainText('HU');
  await settledValue(app, 'RectangleROI', 'area', 5.5 * 5.5, 1);

  // Arrow: labelled in the reader's language, drawn along the drag (from (10,50) to (30,50)).
  await chooseTool(app, 'tool-arrow');
  await drag(app, await screenPoint(app, 10, 50), await screenPoint(app, 30, 50));
  const arrow = measurementValue(app, 'ArrowAnnotate', 'text');
  await expect(arrow).toHaveCount(1);
  await expect(arrow).toHaveAttribute('data-value', '注目');
  await expect(app.getByTestId('viewport').locator('svg text', { hasText: '注目' })).toHaveCount(1);

  // Each is drawn where it was placed, and nowhere near the empty top right of the image.
  await app.getByTestId('tool-windowLevel').click();
  await expect.poll(async () => colouredNear(app, await screenPoint(app, 20, 30))).toBe(true);
  await expect.poll(async () => colouredNear(app, await screenPoint(app, 30, 20))).toBe(true);
  await expect.poll(async () => colouredNear(app, await screenPoint(app, 47.5, 42))).toBe(true);
  await expect.poll(async () => colouredNear(app, await screenPoint(app, 20, 50))).toBe(true);
  expect(await colouredNear(app, await screenPoint(app, 55, 10), 6)).toBe(false);
  await app.screenshot({ path: testInfo.outputPath('angle-rectangle-arrow.png') });
  await expect(app.getByTestId('measurement')).toHaveCount(3);
});

/** The image's turn on screen, from the diagonal between its (0,0) and (columns,rows) corners. */
async function imageTurnDegrees(page: Page): Promise<number> {
  const rect = await imageRect(page.getByTestId('viewport').first());
  return (Math.atan2(rect.height, rect.width) * 180) / Math.PI - 45;
}

test('a quarter turn moves the image and its orientation letters; the rotate tool turns it by dragging', async ({ app }, testInfo) => {
  await openPath(app, join(root, 'ct'));
  await waitForImage(app);
  const stage = app.getByTestId('viewer-stage');
  await expect(stage.getByTestId('orientation-top')).toHaveText('A');
  await expect(stage.getByTestId('orientation-left')).toHaveText('R');

  // Clockwise: the patient's right, on the left before, is now at the top; the bright square
  // (lower right) is now lower left.
  await chooseTool(app, 'action-rotateCW');
  await expect(stage.getByTestId('orientation-top')).toHaveText('R');
  await expect(stage.getByTestId('orientation-left')).toHaveText('P');
  await expect.poll(() => imageTurnDegrees(app)).toBeCloseTo(90, 0);
  const viewport = app.getByTestId('viewport').first();
  const box = (await viewport.boundingBox())!;
  const gray = await grabGray(viewport);
  const brightAt = (x: number, y: number): boolean => gray.values[Math.round(y - box.y) * gray.width + Math.round(x - box.x)]! > 200;
  const square = await screenPoint(app, 47, 47);
  expect(brightAt(square.x, square.y)).toBe(true);
  expect(square.x).toBeLessThan(box.x + box.width / 2);
  expect(square.y).toBeGreaterThan(box.y + box.height / 2);
  await app.screenshot({ path: testInfo.outputPath('rotated-cw.png') });

  // Back with the key, then the rotate tool: dragging down on the right of the centre turns it clockwise.
  await stage.focus();
  await app.keyboard.press('[');
  await expect(stage.getByTestId('orientation-top')).toHaveText('A');
  await expect.poll(() => imageTurnDegrees(app)).toBeCloseTo(0, 0);
  await app.getByTestId('tool-rotate').click();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await drag(app, { x: centre.x + 150, y: centre.y - 60 }, { x: centre.x + 150, y: centre.y + 90 });
  await expect.poll(() => imageTurnDegrees(app)).toBeGreaterThan(10);
  await app.screenshot({ path: testInfo.outputPath('rotated-by-drag.png') });
});

test('cine plays through the slices and stops again', async ({ app }) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  const slice = app.getByTestId('slice-text');
  await expect(slice).toHaveText('スライス 1 / 20');
  const seen = new Set<string>();
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('c');
  // It moves on from slice to slice (and loops), without a key pressed.
  await expect
    .poll(async () => {
      seen.add((await slice.textContent()) ?? '');
      return seen.size;
    })
    .toBeGreaterThan(3);
  await chooseTool(app, 'action-cine');
  // Stopped: the slice stays where it is.
  const stopped = await slice.textContent();
  await app.waitForTimeout(500);
  await expect(slice).toHaveText(stopped ?? '');
});

test("a shrunk 16 x 16 CT whose stored window clips every pixel opens on its pixels' own range, not as a flat square", async ({ app }, testInfo) => {
  // pydicom's CT: HU 77 to 1360 under a 30/100 window, so that window would show only white.
  const source = testData('dicomdir-pydicom/77654033/CT2/17136');
  const folder = join(root, 'tiny-ct');
  await mkdir(folder, { recursive: true });
  await copyFile(source, join(folder, 'ct.dcm'));
  await openPath(app, folder);
  await waitForImage(app);
  await expect(app.getByTestId('window-text')).toHaveText(`WL ${Math.round((77 + 1360) / 2)} / WW ${1360 - 77}`);

  // The screen follows the file's values pixel by pixel.
  const dataSet = dicomParser.parseDicom(await readFile(source));
  const pixels = dataSet.elements['x7fe00010']!;
  const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + pixels.dataOffset, 16 * 16 * 2);
  const stored = Array.from({ length: 256 }, (_, index) => view.getInt16(index * 2, true));
  const viewport = app.getByTestId('viewport');
  const onScreen = sampleAtImagePixels(await grabGray(viewport), await imageRect(viewport), 16, 16);
  expect(stats(onScreen).sd).toBeGreaterThan(30);
  expect(correlation(onScreen, stored)).toBeGreaterThan(0.95);
  await app.screenshot({ path: testInfo.outputPath('tiny-ct.png') });

  // Reset comes back to the same window.
  await app.getByTestId('tool-reset').click();
  await expect(app.getByTestId('window-text')).toHaveText(`WL ${Math.round((77 + 1360) / 2)} / WW ${1360 - 77}`);
});
