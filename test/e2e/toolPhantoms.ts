// The synthetic series the viewer-tools and viewer-measurements specs open, and the pointer
// helpers both use to reach an image pixel on screen.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { imageRect } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';

const UID = '1.2.826.0.1.3680043.10.1234.78';

// CT phantom, 64x64 at 0.5 mm: water-like 40 HU everywhere, a 1000 HU square at columns and
// rows 40-55. Stored values are HU + 1024 (Rescale Intercept -1024).
export const CT = { columns: 64, rows: 64, spacing: 0.5 };
const ctVoxel = (i: number, j: number): number =>
  (i >= 40 && i <= 55 && j >= 40 && j <= 55 ? 1000 : 40) + 1024;

export type ToolPhantom = 'ct' | 'pair' | 'uneven';

/** Writes the named series under `root`: root/ct, root/pair (two series) and root/uneven. */
export async function writeToolPhantoms(
  root: string,
  which: readonly ToolPhantom[],
): Promise<void> {
  if (which.includes('ct')) {
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
  }
  if (which.includes('pair')) {
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
  }
  if (which.includes('uneven')) {
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
  }
}

/** Screen point of the centre of image pixel (column, row) in the first viewport. */
export async function screenPoint(
  page: Page,
  column: number,
  row: number,
): Promise<{ x: number; y: number }> {
  const viewport = page.getByTestId('viewport').first();
  const rect = await imageRect(viewport);
  const box = (await viewport.boundingBox())!;
  return {
    x: box.x + rect.x + ((column + 0.5) * rect.width) / CT.columns,
    y: box.y + rect.y + ((row + 0.5) * rect.height) / CT.rows,
  };
}

export async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}
