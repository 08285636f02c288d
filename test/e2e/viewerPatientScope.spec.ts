/**
 * Measurements belong to the images they were made on: measured on one patient's CT, they are
 * neither listed nor drawn when another patient's MR is opened, and they come back with the CT.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { imageRect } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage, loadCount } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

let root = '';
const SIZE = 64;

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-patient-scope-'));
  // Two made-up patients whose series share a frame of reference UID and geometry, the worst
  // case: cornerstone keys annotations by frame of reference alone.
  const common = {
    seriesNumber: 1,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [0.5, 0.5] as [number, number],
    positions: axialPositions(3, 1),
    frameOfReference: '1.2.826.0.1.3680043.10.1234.95.9',
  };
  await writeSyntheticSeries({
    ...common,
    folder: join(root, 'a'),
    modality: 'CT',
    description: 'Head CT',
    voxel: () => 40 + 1024,
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.95.1',
    patient: { name: 'Kotei^Ichiro', id: 'PAT-A' },
  });
  await writeSyntheticSeries({
    ...common,
    folder: join(root, 'b'),
    modality: 'MR',
    description: 'Head MR',
    voxel: () => 300,
    window: { center: 300, width: 600 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.95.2',
    patient: { name: 'Kasou^Hanako', id: 'PAT-B' },
  });
});
test.afterAll(async () => rm(root, { recursive: true, force: true }));

async function screenPoint(
  page: Page,
  column: number,
  row: number,
): Promise<{ x: number; y: number }> {
  const viewport = page.getByTestId('viewport').first();
  const rect = await imageRect(viewport);
  const box = (await viewport.boundingBox())!;
  return {
    x: box.x + rect.x + ((column + 0.5) * rect.width) / SIZE,
    y: box.y + rect.y + ((row + 0.5) * rect.height) / SIZE,
  };
}

/**
 * Coloured pixels (annotations are drawn in colour; both phantoms are flat grey) over the image,
 * a tenth of its size in from each edge, where the orientation letters are not.
 */
async function colouredPixels(page: Page): Promise<number> {
  const viewport = page.getByTestId('viewport').first();
  const rect = await imageRect(viewport);
  const png = PNG.sync.read(await viewport.screenshot({ animations: 'disabled' }));
  let count = 0;
  for (let y = Math.round(rect.y + rect.height / 10); y < rect.y + (rect.height * 9) / 10; y++) {
    for (let x = Math.round(rect.x + rect.width / 10); x < rect.x + (rect.width * 9) / 10; x++) {
      const i = y * png.width + x;
      const [r, g, b] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) count++;
    }
  }
  return count;
}

test("a measurement on one patient's CT is neither listed nor drawn over another patient's MR, and comes back with the CT", async ({
  app,
}) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  await openPath(app, join(root, 'a'));
  await waitForImage(app);
  await openPath(app, join(root, 'b'));
  await expect(app.getByTestId('study-row')).toHaveCount(2);
  const rowOf = (id: string) => app.getByTestId('study-row').filter({ hasText: id });
  const corner = app.getByTestId('corner-top-left').first();

  let loads = await loadCount(app);
  await rowOf('PAT-A').click();
  await expect(corner).toContainText('PAT-A');
  await waitForImage(app, loads);
  await chooseTool(app, 'tool-length');
  const from = await screenPoint(app, 10, 20);
  const to = await screenPoint(app, 50, 20);
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  await app.mouse.move(to.x, to.y, { steps: 8 });
  await app.mouse.up();
  await expect(app.getByTestId('measurement')).toHaveCount(1);
  await app.getByTestId('tool-windowLevel').click();
  await expect.poll(() => colouredPixels(app)).toBeGreaterThan(20);
  await app.screenshot({ path: 'test-results/patient-scope-ct.png' });

  loads = await loadCount(app);
  await rowOf('PAT-B').click();
  await expect(corner).toContainText('PAT-B');
  await waitForImage(app, loads);
  await app.waitForTimeout(300);
  await app.screenshot({ path: 'test-results/patient-scope-mr.png' });
  await expect(app.getByTestId('measurement')).toHaveCount(0);
  await expect(app.getByTestId('measurement-list')).toContainText('ここに一覧が出ます');
  expect(await colouredPixels(app), 'nothing drawn over the other patient').toBe(0);

  loads = await loadCount(app);
  await rowOf('PAT-A').click();
  await expect(corner).toContainText('PAT-A');
  await waitForImage(app, loads);
  await expect(app.getByTestId('measurement')).toHaveCount(1);
  await expect.poll(() => colouredPixels(app)).toBeGreaterThan(20);
});
