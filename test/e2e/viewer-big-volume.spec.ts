import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route } from '@playwright/test';
import { grabGray } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test } from './fixtures.js';

// A small CT (the benchmark uses 512x512x600): a bright disc (1000 HU) in air, on every slice.
const SIZE = 64;
const SLICES = 41;
const MIDDLE = Math.floor((SLICES - 1) / 2);

let folder = '';

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
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('a volume is laid out from the headers main read and its middle slice is drawn before any other slice has arrived', async ({ app }, testInfo) => {
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
      const found = list.ok ? list.value.find((candidate) => candidate.description === 'Progressive CT') : undefined;
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
  expect(Number(await axial.getAttribute('data-preview-ms'))).toBeLessThanOrEqual(Number(await axial.getAttribute('data-first-image-ms')));
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
