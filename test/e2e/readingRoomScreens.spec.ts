/**
 * Screenshots of the reading-room screens (prior comparison, CT window presets, the folded
 * library, the review's corners, a turned MIP, job progress in the header) at 1280x800 and
 * 1920x1080, in Japanese and English, into test-results/reading-room/ for people to look at.
 * Each screen is also checked for the text it must show in that language.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { repoRoot } from '../support/paths.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { openPath, waitForImage, watchPageProblems } from './fixtures.js';

const OUT = join(repoRoot, 'test-results', 'reading-room');
const PATIENT = { name: 'Gamen^Saburo', id: 'PAT-SCR', birthDate: '19620505' };
let work = '';
let host: DevHostRun | undefined;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-screens-'));
  const lesion = (slice: number) => (i: number, j: number, k: number) =>
    k === slice && (i - 24) ** 2 + (j - 24) ** 2 < 36 ? 1024 + 900 : 1024 + (i < 24 ? -600 : 40);
  for (const [name, date, z0, slice] of [
    ['current', '20260401', 0, 12],
    ['prior', '20251001', -100, 12],
  ] as const)
    await writeSyntheticSeries({
      folder: join(work, name),
      modality: 'CT',
      description: 'Head CT',
      seriesNumber: 2,
      rows: 48,
      columns: 48,
      pixelSpacing: [1, 1],
      positions: axialPositions(20, 2, [0, 0, z0]),
      voxel: lesion(slice),
      window: { center: 40, width: 400 },
      uidRoot: `1.2.826.0.1.3680043.10.1234.85.${name === 'current' ? 1 : 2}`,
      patient: { ...PATIENT, studyDate: date },
    });
  await writeSyntheticSeries({
    folder: join(work, 'tof'),
    modality: 'MR',
    description: 'TOF_3D vessels',
    seriesNumber: 5,
    rows: 64,
    columns: 64,
    pixelSpacing: [1, 1],
    positions: axialPositions(40, 2, [-32, -32, -40]),
    voxel: (i, j) =>
      [
        [32, 32],
        [52, 32],
        [32, 12],
        [32, 52],
      ].some(([a, b]) => Math.abs(i - a!) <= 1 && Math.abs(j - b!) <= 1)
        ? 3000
        : 200,
    window: { center: 1500, width: 3000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.85.3',
    patient: { ...PATIENT, studyDate: '20260401' },
  });
  const dataDir = join(work, 'data');
  await mkdir(join(dataDir, 'jobs'), { recursive: true });
  const now = new Date().toISOString();
  await writeFile(
    join(dataDir, 'jobs', 'job-screens-0001.json'),
    JSON.stringify({
      version: 1,
      id: 'job-screens-0001',
      createdAt: now,
      updatedAt: now,
      service: {
        id: 'aneurysm-mra',
        version: '1.0.0',
        workitemCode: { value: '0001', scheme: '99MITATE', meaning: 'Test' },
        deidOptions: [],
      },
      source: { studyInstanceUid: '1.2.826.0.1.3680043.10.1234.85.3.1', seriesInstanceUids: [] },
      destination: 'http://127.0.0.1:9/dicomweb',
      state: 'uploading',
      progress: { instancesDone: 16, instancesTotal: 40, bytesDone: 40, bytesTotal: 100 },
      results: [],
    }),
  );
  await mkdir(OUT, { recursive: true });
  host = await runDevHost(dataDir, []);
});

test.afterAll(async () => {
  await host?.stop();
  await rm(work, { recursive: true, force: true });
});

const TEXT = {
  ja: {
    compare: '並べて比較',
    link: 'スライス位置で連動',
    save: 'ウィンドウを保存',
    jobs: 'AI 解析 1 件 進行中',
  },
  en: {
    compare: 'Compare side by side',
    link: 'Linked by slice location',
    save: 'Save window',
    jobs: 'AI analyses in progress: 1',
  },
} as const;

async function shot(page: Page, name: string, suffix: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}-${suffix}.png`) });
}

for (const locale of ['ja', 'en'] as const)
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const)
    test(`reading-room screens in ${locale} at ${width}x${height}`, async ({ page }) => {
      test.setTimeout(120_000);
      const problems = watchPageProblems(page);
      const suffix = `${locale}-${width}x${height}`;
      const text = TEXT[locale];
      await page.setViewportSize({ width, height });
      await page.goto(host!.launchUrl);
      await page.evaluate(async () => window.mitate.invoke('library.clear', {}));
      await page.evaluate(
        async (value) => window.mitate.invoke('settings.update', { locale: value }),
        locale,
      );
      await page.reload();
      await expect(page.getByTestId('activity-jobs')).toContainText(text.jobs);

      await openPath(page, join(work, 'prior'));
      await expect(page.getByTestId('study-row')).toHaveCount(1);
      await openPath(page, join(work, 'current'));
      await waitForImage(page);
      await page.getByTestId('import-report-dismiss').click();
      await page.getByTestId('compare-open').click();
      await expect(page.getByTestId('compare-open')).toHaveCount(0);
      await expect(page.getByTestId('compare-link-mode')).toContainText(text.link);
      // The prior follows (the series' first slices line up): both on the lesion.
      await page.getByTestId('viewer-stage').first().focus();
      for (let step = 0; step < 12; step++) await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('slice-text').nth(1)).toHaveText(/13/);
      await shot(page, 'compare', suffix);

      await page.getByTestId('viewer-stage').first().focus();
      await page.keyboard.press('6');
      await page.getByTestId('preset-save').click();
      await expect(page.getByTestId('preset-name')).toBeVisible();
      await shot(page, 'ct-presets', suffix);
      await page.getByTestId('preset-name').press('Escape');

      await page.getByTestId('library-fold').click();
      await expect(page.getByTestId('library-pane')).toHaveClass(/thumbnail-strip/);
      await shot(page, 'library-folded', suffix);
      await page.getByTestId('library-fold').click();

      await page.getByTestId('review-open').click();
      await expect(
        page.getByTestId('review-original').locator('..').getByTestId('window-text'),
      ).toBeVisible();
      await shot(page, 'review-corners', suffix);
      await page.getByTestId('review-close').click();

      await openPath(page, join(work, 'tof'));
      const viewports = page.getByTestId('viewport');
      await expect(viewports).toHaveCount(2);
      await page.getByTestId('viewer-stage').first().focus();
      await page.keyboard.press('m');
      await expect(viewports).toHaveCount(3);
      await expect(viewports.nth(2)).toHaveAttribute('data-volume-loaded-ms', /\d/, {
        timeout: 30_000,
      });
      await page.getByTestId('viewer-stage').nth(2).click();
      await page.getByTestId('projection').selectOption('mip');
      await page.getByTestId('viewer-stage').nth(2).focus();
      for (let step = 0; step < 4; step++) await page.keyboard.press('.');
      await shot(page, 'mip-turned', suffix);
      expect(problems, 'page errors').toEqual([]);
    });
