/**
 * CT windows as readers use them: the nine common presets on the number keys, 0 back to the
 * file's window, a window of the reader's own saved by name (it survives a restart), and the
 * slice number and window in the corners of every pane, the review's included.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { grabGray } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';

// Left half of every slice is lung (-600 HU), right half is brain-like tissue (40 HU).
const SIZE = 64;
const SLICES = 6;
const LUNG_HU = -600;
const TISSUE_HU = 40;
let folder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-presets-'));
  await writeSyntheticSeries({
    folder,
    modality: 'CT',
    description: 'Synthetic chest',
    seriesNumber: 3,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [1, 1],
    positions: axialPositions(SLICES, 2),
    voxel: (i) => 1024 + (i < SIZE / 2 ? LUNG_HU : TISSUE_HU),
    window: { center: 300, width: 800 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.81',
  });
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Grey level on screen of the lung half and of the tissue half, at the image's middle row. */
async function halves(viewport: Locator): Promise<{ lung: number; tissue: number }> {
  const gray = await grabGray(viewport);
  const side = Math.min(gray.width, gray.height);
  const y = Math.floor(gray.height / 2);
  const at = (x: number): number => gray.values[y * gray.width + Math.floor(x)]!;
  return { lung: at(gray.width / 2 - side / 4), tissue: at(gray.width / 2 + side / 4) };
}

/** The grey a window gives a value (linear VOI, PS3.3 C.11.2.1.2). */
function grey(value: number, center: number, width: number): number {
  return Math.max(0, Math.min(255, ((value - (center - 0.5)) / (width - 1) + 0.5) * 255));
}

async function press(page: Page, key: string): Promise<void> {
  await page.getByTestId('viewer-stage').first().focus();
  await page.keyboard.press(key);
}

test('number keys 1-9 set the CT windows, 0 goes back to the file window, and the corner and the pixels follow', async ({
  app,
}, testInfo) => {
  await openPath(app, folder);
  await waitForImage(app);
  const viewport = app.getByTestId('viewport');
  const windowText = app.getByTestId('window-text');
  await expect(windowText).toHaveText('WL 300 / WW 800');

  const expected = [
    ['1', 'ctBrain', 40, 80],
    ['2', 'ctSubdural', 75, 215],
    ['3', 'ctStroke', 40, 40],
    ['4', 'ctSoftTissue', 50, 400],
    ['5', 'ctMediastinum', 50, 350],
    ['6', 'ctLung', -600, 1500],
    ['7', 'ctBone', 400, 1800],
    ['8', 'ctAbdomen', 40, 350],
    ['9', 'ctLiver', 60, 160],
  ] as const;
  for (const [key, id, center, width] of expected) {
    await press(app, key);
    await expect(windowText).toHaveText(`WL ${center} / WW ${width}`);
    await expect(app.getByTestId('window-preset')).toHaveValue(id);
    const { lung, tissue } = await halves(viewport);
    expect(Math.abs(lung - grey(LUNG_HU, center, width)), `${id}: lung grey`).toBeLessThan(12);
    expect(Math.abs(tissue - grey(TISSUE_HU, center, width)), `${id}: tissue grey`).toBeLessThan(
      12,
    );
    if (key === '6') await app.screenshot({ path: testInfo.outputPath('ct-lung-window.png') });
  }
  await press(app, '0');
  await expect(windowText).toHaveText('WL 300 / WW 800');
  await expect(app.getByTestId('window-preset')).toHaveValue('default');

  // Layouts moved to Shift+digit: every pane shows its slice and window.
  await press(app, 'Shift+Digit2');
  await expect(app.getByTestId('viewport')).toHaveCount(2);
  await expect(app.getByTestId('slice-text')).toHaveText([
    `スライス 1 / ${SLICES}`,
    `スライス 1 / ${SLICES}`,
  ]);
  await expect(app.getByTestId('window-text')).toHaveCount(2);
});

test("a window of the reader's own is saved by name, kept after a restart, and applied from the menu", async ({
  app,
}, testInfo) => {
  await openPath(app, folder);
  await waitForImage(app);
  await press(app, '9');
  await app.getByTestId('preset-save').click();
  await app.getByTestId('preset-name').fill('肝臓 造影後');
  await app.getByTestId('preset-save-confirm').click();
  await expect(app.getByTestId('window-preset')).toHaveValue('user:肝臓 造影後');
  await app.screenshot({ path: testInfo.outputPath('user-preset-saved.png') });

  // A restart of the renderer: the preset comes back from the settings file.
  await app.reload();
  await app.getByTestId('study-row').first().click();
  await waitForImage(app);
  await expect(app.getByTestId('window-text')).toHaveText('WL 300 / WW 800');
  await app.getByTestId('window-preset').selectOption('user:肝臓 造影後');
  await expect(app.getByTestId('window-text')).toHaveText('WL 60 / WW 160');
  const { lung, tissue } = await halves(app.getByTestId('viewport'));
  expect(lung).toBeLessThan(8);
  expect(Math.abs(tissue - grey(TISSUE_HU, 60, 160))).toBeLessThan(12);

  await app.getByTestId('preset-remove').click();
  await expect(app.getByTestId('window-preset')).toHaveValue('default');
  await expect(
    app.getByTestId('window-preset').locator('option', { hasText: '肝臓 造影後' }),
  ).toHaveCount(0);
});

test("the review's panes show slice number and window in their corners", async ({ app }) => {
  await openPath(app, folder);
  await waitForImage(app);
  await app.getByTestId('review-open').click();
  const original = app.getByTestId('review-original').locator('..');
  const annotated = app.getByTestId('review-annotated').locator('..');
  // The review opens on the middle slice.
  const middle = `スライス ${SLICES / 2 + 1} / ${SLICES}`;
  await expect(original.getByTestId('slice-text')).toHaveText(middle);
  await expect(original.getByTestId('window-text')).toHaveText('WL 300 / WW 800');
  await expect(annotated.getByTestId('slice-text')).toHaveText(middle);
  await expect(annotated.getByTestId('window-text')).toHaveText('WL 300 / WW 800');
  // Scrolling the original moves both (they are linked), and each corner says so.
  await app.getByTestId('review-original').hover();
  await app.mouse.wheel(0, 120);
  await expect(original.getByTestId('slice-text')).not.toHaveText(middle);
  await expect(annotated.getByTestId('slice-text')).toHaveText(
    (await original.getByTestId('slice-text').textContent())!,
  );
});
