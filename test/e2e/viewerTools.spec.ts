// The viewer's display tools: synchronized scroll and zoom/pan, geometry warnings, the keyboard
// help, turning the image, cine, and the window a CT opens on. Measurements are in
// viewerMeasurements.spec.ts.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { testData } from '../support/paths.js';
import { correlation, grabGray, imageRect, sampleAtImagePixels, stats } from '../support/pixels.js';
import { expect, openPath, openTestFolder, test, waitForImage } from './fixtures.js';
import { drag, screenPoint, writeToolPhantoms } from './toolPhantoms.js';
import { chooseTool } from './toolbarMenus.js';

let root = '';

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-tools-'));
  await writeToolPhantoms(root, ['ct', 'pair', 'uneven']);
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('with scroll synchronized, scrolling one series moves the other in the same frame of reference to the same position', async ({
  app,
}) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  await chooseTool(app, 'layout-1x2');
  await expect(app.getByTestId('viewport')).toHaveCount(2);

  // Drag series B from the series list onto the right viewport.
  await app
    .getByTestId('series-item')
    .filter({ hasText: 'Pair B' })
    .dragTo(app.getByTestId('viewer-cell').nth(1));
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

test('with zoom and pan synchronized, zooming and panning one series does the same to the other', async ({
  app,
}) => {
  await openPath(app, join(root, 'pair'));
  await waitForImage(app);
  await chooseTool(app, 'layout-1x2');
  await app
    .getByTestId('series-item')
    .filter({ hasText: 'Pair B' })
    .dragTo(app.getByTestId('viewer-cell').nth(1));
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
  await expect
    .poll(async () => {
      const [a, b] = [await imageRect(left!), await imageRect(right!)];
      return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width));
    })
    .toBeLessThan(1.5);
  // The image follows the mouse: 60 px right and 30 px down, in both viewports.
  const after = await imageRect(right!);
  expect(Math.abs(after.x - zoomedRect.x - 60)).toBeLessThan(2);
  expect(Math.abs(after.y - zoomedRect.y - 30)).toBeLessThan(2);
});

test('a gantry-tilted CT and an unevenly spaced series are clearly flagged', async ({
  app,
}, testInfo) => {
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
  for (const [edge, letter] of [
    ['top', 'R'],
    ['bottom', 'L'],
    ['left', 'P'],
    ['right', 'A'],
  ] as const) {
    await expect(app.getByTestId(`orientation-${edge}`)).toHaveText(letter);
  }
});

/** The image's turn on screen, from the diagonal between its (0,0) and (columns,rows) corners. */
async function imageTurnDegrees(page: Page): Promise<number> {
  const rect = await imageRect(page.getByTestId('viewport').first());
  return (Math.atan2(rect.height, rect.width) * 180) / Math.PI - 45;
}

test('a quarter turn moves the image and its orientation letters; the rotate tool turns it by dragging', async ({
  app,
}, testInfo) => {
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
  const brightAt = (x: number, y: number): boolean =>
    gray.values[Math.round(y - box.y) * gray.width + Math.round(x - box.x)]! > 200;
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

test("a shrunk 16 x 16 CT whose stored window clips every pixel opens on its pixels' own range, not as a flat square", async ({
  app,
}, testInfo) => {
  // pydicom's CT: HU 77 to 1360 under a 30/100 window, so that window would show only white.
  const source = testData('dicomdir-pydicom/77654033/CT2/17136');
  const folder = join(root, 'tiny-ct');
  await mkdir(folder, { recursive: true });
  await copyFile(source, join(folder, 'ct.dcm'));
  await openPath(app, folder);
  await waitForImage(app);
  await expect(app.getByTestId('window-text')).toHaveText(
    `WL ${Math.round((77 + 1360) / 2)} / WW ${1360 - 77}`,
  );

  // The screen follows the file's values pixel by pixel.
  const dataSet = dicomParser.parseDicom(await readFile(source));
  const pixels = dataSet.elements['x7fe00010']!;
  const view = new DataView(
    dataSet.byteArray.buffer,
    dataSet.byteArray.byteOffset + pixels.dataOffset,
    16 * 16 * 2,
  );
  const stored = Array.from({ length: 256 }, (_, index) => view.getInt16(index * 2, true));
  const viewport = app.getByTestId('viewport');
  const onScreen = sampleAtImagePixels(await grabGray(viewport), await imageRect(viewport), 16, 16);
  expect(stats(onScreen).sd).toBeGreaterThan(30);
  expect(correlation(onScreen, stored)).toBeGreaterThan(0.95);
  await app.screenshot({ path: testInfo.outputPath('tiny-ct.png') });

  // Reset comes back to the same window.
  await app.getByTestId('tool-reset').click();
  await expect(app.getByTestId('window-text')).toHaveText(
    `WL ${Math.round((77 + 1360) / 2)} / WW ${1360 - 77}`,
  );
});
