import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Route } from '@playwright/test';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test } from './fixtures.js';

const SLICES = 24;
let folder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-corner-text-'));
  await writeSyntheticSeries({
    folder,
    modality: 'MR',
    // A description as long as scanners write them, so the series line is as wide as in practice.
    description: 'T1_MPRAGE_SAG_1mm_iso_post_contrast',
    seriesNumber: 12,
    rows: 48,
    columns: 48,
    pixelSpacing: [1, 1],
    positions: axialPositions(SLICES, 1),
    voxel: (i, j, k) => 100 + ((i + j + k) % 9) * 40,
    window: { center: 300, width: 600 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.95',
  });
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('not laid out');
  return found;
}

function intersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

test('in the three narrow MPR cells the volume loading count and the zoom never overlap, at 1400 px and narrower', async ({
  app,
}, testInfo) => {
  // One slice file is held back until the end, so the volume stays loading and its count shows.
  let held: Route | undefined;
  let heldPath = '';
  await app.route('**/dicom/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (heldPath === '' || heldPath === path) {
      heldPath = path;
      held = route;
    } else await route.continue();
  });
  await openPath(app, folder);
  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  const stages = app.getByTestId('viewer-stage');
  await expect(stages).toHaveCount(3);

  for (const width of [1400, 1100, 900]) {
    await app.setViewportSize({ width, height: 860 });
    for (let cell = 0; cell < 3; cell++) {
      const stage = stages.nth(cell);
      const progress = stage.getByTestId('volume-progress');
      await expect(progress).toHaveText(`ボリューム読み込み中 ${SLICES - 1} / ${SLICES}`);
      const zoom = stage.getByTestId('zoom-text');
      await expect(zoom).toHaveText(/拡大 \d+%/);
      const stageBox = await box(stage);
      const progressBox = await box(progress);
      const zoomBox = await box(zoom);
      expect(
        intersect(progressBox, zoomBox),
        `cell ${cell} at ${width} px: ${JSON.stringify({ progressBox, zoomBox })}`,
      ).toBe(false);
      // Both are on the cell, not pushed off it.
      expect(
        inside(progressBox, stageBox),
        `cell ${cell} at ${width} px: the count is inside the cell`,
      ).toBe(true);
      expect(
        inside(zoomBox, stageBox),
        `cell ${cell} at ${width} px: the zoom is inside the cell`,
      ).toBe(true);
      // The same holds for the whole corners, top and bottom.
      for (const edge of ['top', 'bottom']) {
        const left = await box(stage.getByTestId(`corner-${edge}-left`));
        const right = await box(stage.getByTestId(`corner-${edge}-right`));
        expect(intersect(left, right), `cell ${cell} at ${width} px: the ${edge} corners`).toBe(
          false,
        );
      }
    }
    await app.screenshot({ path: testInfo.outputPath(`mpr-corner-text-${width}.png`) });
  }

  await held?.continue();
  await expect(stages.first().getByTestId('volume-progress')).toHaveCount(0);
});
