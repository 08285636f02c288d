/**
 * Comparison reading: a prior study of the same patient hangs beside the current one, both
 * studies' series thumbnails are listed, and the two panes scroll together by slice location
 * (their frames of reference differ, as two days' scans do), through the alignment the reader
 * sets where both show the same anatomy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { grabGray } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

const SIZE = 48;
const SLICES = 20;
const PATIENT = { name: 'Hikaku^Jiro', id: 'PAT-CMP', birthDate: '19580310' };
// The same lesion: slice 13 of this year's scan, slice 9 of last year's, taken 100 mm apart on the table.
const CURRENT_LESION = 12;
const PRIOR_LESION = 8;
let work = '';

function lesionAt(slice: number) {
  return (i: number, j: number, k: number): number =>
    k === slice && (i - SIZE / 2) ** 2 + (j - SIZE / 2) ** 2 < 36 ? 1024 + 900 : 1024 + 20;
}

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-compare-'));
  const common = {
    modality: 'CT' as const,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [1, 1] as [number, number],
    window: { center: 40, width: 400 },
  };
  await writeSyntheticSeries({
    ...common,
    folder: join(work, 'current'),
    description: 'Head CT',
    seriesNumber: 2,
    positions: axialPositions(SLICES, 2, [0, 0, 0]),
    voxel: lesionAt(CURRENT_LESION),
    uidRoot: '1.2.826.0.1.3680043.10.1234.83.1',
    patient: { ...PATIENT, studyDate: '20260401' },
  });
  for (const [number, description] of [
    [2, 'Head CT'],
    [3, 'Head CT bone'],
  ] as const)
    await writeSyntheticSeries({
      ...common,
      folder: join(work, 'prior', String(number)),
      description,
      seriesNumber: number,
      positions: axialPositions(SLICES, 2, [0, 0, -100]),
      voxel: lesionAt(PRIOR_LESION),
      uidRoot: '1.2.826.0.1.3680043.10.1234.83.2',
      frameOfReference: '1.2.826.0.1.3680043.10.1234.83.2.9',
      patient: { ...PATIENT, studyDate: '20251001' },
    });
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Whether the lesion (bright, at the image centre) is on screen in this pane. */
async function showsLesion(viewport: Locator): Promise<boolean> {
  const gray = await grabGray(viewport);
  const centre =
    gray.values[Math.floor(gray.height / 2) * gray.width + Math.floor(gray.width / 2)]!;
  return centre > 200;
}

async function press(page: Page, cell: number, key: string, times = 1): Promise<void> {
  await page.getByTestId('viewer-stage').nth(cell).focus();
  for (let step = 0; step < times; step++) await page.keyboard.press(key);
}

test('a prior of the same patient hangs beside the current study, both studies list their series, and the panes scroll together by slice location', async ({
  app,
}, testInfo) => {
  await openPath(app, join(work, 'prior'));
  await expect(app.getByTestId('study-row')).toHaveCount(1);
  await openPath(app, join(work, 'current'));
  await expect(app.getByTestId('study-row')).toHaveCount(2);
  await waitForImage(app);
  // The current study is open; its patient's other study is offered for comparison.
  await expect(app.getByTestId('prior-study')).toHaveCount(1);
  await expect(app.getByTestId('prior-study')).toContainText('2025/10/01');
  await app.getByTestId('compare-open').click();

  const viewports = app.getByTestId('viewport');
  await expect(viewports).toHaveCount(2);
  const cells = app.getByTestId('viewer-cell');
  await expect(cells.nth(0).getByTestId('corner-study-date')).toHaveText('2026/04/01');
  await expect(cells.nth(1).getByTestId('corner-study-date')).toHaveText('2025/10/01');
  await expect(cells.nth(1).getByTestId('corner-patient-id')).toHaveText(PATIENT.id);
  // Thumbnails of every open study: one series now, two from the prior.
  await expect(app.getByTestId('series-item')).toHaveCount(3);
  await expect(app.getByTestId('prior-series-heading')).toContainText('2025/10/01');
  await expect(viewports.nth(1)).toHaveAttribute('data-status', 'ready');
  await expect(app.getByTestId('compare-link-mode')).toHaveText(
    'スライス位置で連動（基準座標系が異なるため、位置合わせした差で）',
  );

  // Linked from the start (the series' first slices line up): three slices down in one, in both.
  const slices = app.getByTestId('slice-text');
  await press(app, 0, 'Home');
  await press(app, 0, 'ArrowDown', 3);
  await expect(slices.nth(0)).toHaveText(`スライス 4 / ${SLICES}`);
  await expect(slices.nth(1)).toHaveText(`スライス 4 / ${SLICES}`);

  // The reader aligns on the lesion: unlinked, each pane to it, linked again, "align here".
  await chooseTool(app, 'sync-scroll');
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'false');
  await app.keyboard.press('Escape');
  await press(app, 0, 'ArrowDown', CURRENT_LESION - 3);
  await press(app, 1, 'ArrowDown', PRIOR_LESION - 3);
  await expect(slices.nth(0)).toHaveText(`スライス ${CURRENT_LESION + 1} / ${SLICES}`);
  await expect(slices.nth(1)).toHaveText(`スライス ${PRIOR_LESION + 1} / ${SLICES}`);
  expect(await showsLesion(viewports.nth(0))).toBe(true);
  expect(await showsLesion(viewports.nth(1))).toBe(true);
  await chooseTool(app, 'sync-scroll');
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'true');
  await app.keyboard.press('Escape');
  await app.getByTestId('compare-align').click();

  // Away from the lesion and back in the current pane: the prior follows, slice for slice.
  await press(app, 0, 'ArrowUp', 5);
  await expect(slices.nth(1)).toHaveText(`スライス ${PRIOR_LESION - 4} / ${SLICES}`);
  expect(await showsLesion(viewports.nth(1))).toBe(false);
  await press(app, 0, 'ArrowDown', 5);
  await expect(slices.nth(1)).toHaveText(`スライス ${PRIOR_LESION + 1} / ${SLICES}`);
  await app.waitForTimeout(300);
  expect(await showsLesion(viewports.nth(0))).toBe(true);
  expect(await showsLesion(viewports.nth(1))).toBe(true);
  await app.screenshot({ path: testInfo.outputPath('prior-compare.png') });

  // The other prior series goes into the prior's pane from its thumbnail.
  await expect(cells.nth(1).getByTestId('corner-bottom-left')).toContainText('Head CT');
  await app.locator('[data-testid="series-item"][data-study="prior"]').nth(1).click();
  await expect(cells.nth(1).getByTestId('corner-bottom-left')).toContainText('Head CT bone');
  // Ending the comparison leaves the prior's thumbnails out.
  await app.getByTestId('compare-close').click();
  await expect(app.getByTestId('compare-bar')).toHaveCount(0);
  await expect(app.getByTestId('series-item')).toHaveCount(1);
});
