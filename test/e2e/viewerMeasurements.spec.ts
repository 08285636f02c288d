// Measurements on a CT phantom of known values: length, angle, ROIs, probe and arrow, their
// readouts, where they are drawn, and the probe against the drawn pixels.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { grabGray, imageRect } from '../support/pixels.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';
import { CT, drag, screenPoint, writeToolPhantoms } from './toolPhantoms.js';
import { chooseTool } from './toolbarMenus.js';

let root = '';

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-tools-'));
  await writeToolPhantoms(root, ['ct']);
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function measurementValue(page: Page, tool: string, name: string) {
  return page.locator(`[data-testid=measurement][data-tool=${tool}] [data-name=${name}]`);
}

/** cornerstone computes statistics after the mouse is released: wait until the value settles. */
async function settledValue(
  page: Page,
  tool: string,
  name: string,
  expected: number,
  tolerance: number,
): Promise<void> {
  const locator = measurementValue(page, tool, name);
  await expect
    .poll(async () => Math.abs(Number(await locator.getAttribute('data-value')) - expected), {
      message: `${tool} ${name}`,
    })
    .toBeLessThan(tolerance);
}

test('length, ellipse ROI (HU) and probe give the phantom values; measurements survive a layout change and can be deleted', async ({
  app,
}, testInfo) => {
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

  await app
    .locator('[data-testid=measurement][data-tool=Length] [data-testid=measurement-delete]')
    .click();
  await expect(app.getByTestId('measurement')).toHaveCount(2);
  await expect(measurementValue(app, 'Length', 'length')).toHaveCount(0);
});

test('the probe reads the pixel drawn under it, on both sides of an edge found in the drawn image', async ({
  app,
}) => {
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
  const at = (column: number): number =>
    line[Math.round(rect.x + ((column + 0.5) * rect.width) / CT.columns)]!;
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
  for (const [index, x] of xs.entries())
    await app.mouse.click(box.x + x, box.y + rowY(42 + 4 * index));
  const probes = measurementValue(app, 'Probe', 'value');
  await expect(probes).toHaveCount(4);
  for (const [index, value] of expected.entries()) {
    await expect
      .poll(async () => Number(await probes.nth(index).getAttribute('data-value')), {
        message: `probe ${index}`,
      })
      .toBeCloseTo(value, 0);
  }
});

/** Whether any screen pixel within `radius` of the point is coloured (annotations are; the phantom is grey). */
async function colouredNear(
  page: Page,
  point: { x: number; y: number },
  radius = 3,
): Promise<boolean> {
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

test('angle, rectangle ROI and arrow annotation give their readouts and are drawn where they were placed', async ({
  app,
}, testInfo) => {
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
