import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page, Route } from '@playwright/test';
import { grabGray, imageRect, volumeCorners } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expectConsoleErrors, expect, openPath, test } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

// A small CT (the benchmark uses 512x512x600): a bright disc (1000 HU) in air, on every slice.
const SIZE = 64;
const SLICES = 41;
const MIDDLE = Math.floor((SLICES - 1) / 2);

// A CT whose stored values are 12-bit two's complement with Rescale Slope 2 and Intercept -24:
// stored -500 (left half) is -1024 HU, stored 1000 (right half) 1976 HU. The bits above the 12th
// are zero, so a reader that does not sign-extend gets 3596 for -500.
const ENCODED = { size: 32, slices: 17, encoding: { bitsStored: 12, slope: 2, intercept: -24 } };
const LEFT_HU = -1024;
const RIGHT_HU = 1976;

let folder = '';
let encodedFolder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-big-volume-'));
  await writeSyntheticSeries({
    folder,
    modality: 'CT',
    description: 'Progressive CT',
    seriesNumber: 3,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [1, 1],
    positions: axialPositions(SLICES, 1, [-32, -32, -20]),
    voxel: (i, j) => (Math.hypot(i - SIZE / 2, j - SIZE / 2) < SIZE / 3 ? 1000 : -1000) + 1024,
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.78',
  });
  encodedFolder = await mkdtemp(join(tmpdir(), 'mitate-encoded-volume-'));
  await writeSyntheticSeries({
    folder: encodedFolder,
    modality: 'CT',
    description: 'Signed 12-bit CT',
    seriesNumber: 4,
    rows: ENCODED.size,
    columns: ENCODED.size,
    pixelSpacing: [1, 1],
    positions: axialPositions(ENCODED.slices, 1, [-16, -16, -8]),
    voxel: (i) => (i < ENCODED.size / 2 ? -500 : 1000),
    window: { center: 40, width: 4000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.79',
    encoding: ENCODED.encoding,
  });
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(encodedFolder, { recursive: true, force: true });
});

/** Clicks the probe onto image pixel (column, row) of the middle slice, in a stack or an axial plane. */
async function probeAt(page: Page, viewport: Locator, column: number, row: number): Promise<void> {
  const box = (await viewport.boundingBox())!;
  const corners = await volumeCorners(viewport);
  let x: number;
  let y: number;
  if (corners === undefined) {
    const rect = await imageRect(viewport);
    x = rect.x + ((column + 0.5) * rect.width) / ENCODED.size;
    y = rect.y + ((row + 0.5) * rect.height) / ENCODED.size;
  } else {
    // The screen positions of the first and last voxel centres (volumeController.ts).
    const [x0, y0, x1, y1] = corners;
    x = x0 + ((x1 - x0) * column) / (ENCODED.size - 1);
    y = y0 + ((y1 - y0) * row) / (ENCODED.size - 1);
  }
  await page.mouse.click(box.x + x, box.y + y);
}

async function probeValues(page: Page): Promise<number[]> {
  const values = page.locator('[data-testid=measurement][data-tool=Probe] [data-name=value]');
  return (
    await values.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-value')),
    )
  ).map(Number);
}

test('a volume is laid out from the headers main read and its middle slice is drawn before any other slice has arrived', async ({
  app,
}, testInfo) => {
  // Every image file is held back, except those let through: nothing but the middle slice can
  // reach the volume until the test says so.
  const held: Route[] = [];
  const allowed = new Set<string>();
  let releaseAll = false;
  await app.route('**/dicom/**', async (route) => {
    const id = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (releaseAll || allowed.has(id)) await route.continue();
    else held.push(route);
  });
  await openPath(app, folder);
  await expect(app.getByTestId('viewport')).toHaveCount(1);
  const series = await app.evaluate(async () => {
    const studies = await window.mitate.invoke('library.studies', {});
    if (!studies.ok) throw new Error('studies');
    for (const study of studies.value) {
      const list = await window.mitate.invoke('library.series', { studyId: study.id });
      const found = list.ok
        ? list.value.find((candidate) => candidate.description === 'Progressive CT')
        : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  });
  expect(series?.instances).toHaveLength(SLICES);
  allowed.add(series!.instances[MIDDLE]!.id);
  for (const route of held.splice(0)) {
    const id = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (allowed.has(id)) await route.continue();
    else held.push(route);
  }

  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  const axial = app.locator('[data-testid=viewport][data-view=axial]');
  await expect(axial).toHaveAttribute('data-first-image-ms', /\d/);
  await expect(axial).toHaveAttribute('data-volume-slices', String(SLICES));
  // Drawn with one slice in: the middle one, the only file the page could get.
  await expect(axial).toHaveAttribute('data-slices-at-first-image', '1');
  await expect(axial).not.toHaveAttribute('data-volume-loaded-ms', /\d/);
  // The middle slice was on screen (a 2D preview) before the plane's own first draw, which
  // then took its place.
  await expect(axial).toHaveAttribute('data-preview-ms', /\d/);
  expect(Number(await axial.getAttribute('data-preview-ms'))).toBeLessThanOrEqual(
    Number(await axial.getAttribute('data-first-image-ms')),
  );
  await expect(axial.getByTestId('volume-preview')).toHaveCount(0);
  // The axial plane opens through the middle of the volume: the disc is there, white at 40/400.
  const gray = await grabGray(axial);
  const bright = gray.values.filter((value) => value > 200).length;
  expect(bright, 'the middle slice is drawn').toBeGreaterThan(gray.values.length / 20);
  await app.screenshot({ path: testInfo.outputPath('middle-slice-first.png') });

  // The rest may come now; the volume completes.
  releaseAll = true;
  for (const route of held.splice(0)) await route.continue();
  await expect(axial).toHaveAttribute('data-volume-loaded-ms', /\d/, { timeout: 30_000 });
  await expect(axial).toHaveAttribute('data-status', 'ready');
});

test("a volume's slices hold the values cornerstone decodes: signed 12-bit stored values through slope and intercept, and a slice whose download failed", async ({
  app,
}, testInfo) => {
  // The stack gets the image it shows and nothing more (its prefetch fails), so the volume has
  // every other slice to fetch, off the page's thread; once MPR is asked for, the first request
  // (the middle slice's) fails, and the volume must still get that slice, through cornerstone.
  let phase: 'stack' | 'fail-next' | 'open' = 'stack';
  let stackImages = 0;
  let failed = '';
  expectConsoleErrors(app, /^Failed to load resource: net::ERR_FAILED$/);
  await app.route('**/dicom/**', async (route) => {
    if (phase === 'stack' && stackImages++ > 0) return route.abort('failed');
    if (phase !== 'fail-next') return route.continue();
    phase = 'open';
    failed = route.request().url();
    return route.abort('failed');
  });
  await openPath(app, encodedFolder);
  const stack = app.getByTestId('viewport').first();
  await expect(stack).toHaveAttribute('data-status', 'ready');
  await expect(stack).toHaveAttribute('data-image-rect', /\d/);
  // The stack, decoded by cornerstone's own loader: the values the standard gives.
  await chooseTool(app, 'tool-probe');
  await probeAt(app, stack, 4, 16);
  await probeAt(app, stack, 28, 16);
  await expect.poll(() => probeValues(app)).toEqual([LEFT_HU, RIGHT_HU]);
  for (let left = 2; left > 0; left--) await app.getByTestId('measurement-delete').first().click();
  await expect(app.getByTestId('measurement')).toHaveCount(0);

  await app.getByTestId('viewer-stage').first().focus();
  phase = 'fail-next';
  await app.keyboard.press('m');
  const axial = app.locator('[data-testid=viewport][data-view=axial]');
  await expect(axial).toHaveAttribute('data-volume-loaded-ms', /\d/, { timeout: 30_000 });
  await expect(axial).toHaveAttribute('data-status', 'ready');
  expect(failed, 'one slice download failed').not.toBe('');
  // All but the failed one were read off the page's thread (the stack had only the first).
  await expect(axial).toHaveAttribute('data-slices-from-worker', String(ENCODED.slices - 2));
  // Off the centre row and column, where the crosshairs are.
  await probeAt(app, axial, 4, 9);
  await probeAt(app, axial, 28, 22);
  await expect.poll(() => probeValues(app)).toEqual([LEFT_HU, RIGHT_HU]);

  // Every slice reached the volume with its values, the failed one too: the coronal plane shows
  // the left half dark and the right half bright on every slice, from the first to the last. A
  // slice missing from the volume would be a row of 0 HU, mid grey, across both halves.
  const coronal = app.locator('[data-testid=viewport][data-view=coronal]');
  await expect(coronal).toHaveAttribute('data-volume-corners', /\d/);
  await app.mouse.move(0, 0);
  const gray = await grabGray(coronal);
  await coronal.screenshot({ path: testInfo.outputPath('coronal-signed-12-bit.png') });
  const [x0, y0, x1, y1] = (await volumeCorners(coronal))!;
  const scale = gray.width / ((await coronal.boundingBox())?.width ?? gray.width);
  const at = (x: number, y: number): number =>
    gray.values[Math.round(y * scale) * gray.width + Math.round(x * scale)]!;
  // Grey for 40/4000: -1024 HU is about 62, 1976 HU about 253.
  for (let slice = 0; slice < ENCODED.slices; slice++) {
    const y = y0 + ((y1 - y0) * slice) / (ENCODED.slices - 1);
    const left = at(x0 + (x1 - x0) * 0.2, y);
    const right = at(x0 + (x1 - x0) * 0.8, y);
    expect(Math.abs(left - 62), `slice ${slice} left half`).toBeLessThan(12);
    expect(Math.abs(right - 253), `slice ${slice} right half`).toBeLessThan(12);
  }
});
