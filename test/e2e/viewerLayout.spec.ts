/**
 * The reading layout gives the images the room: the library folds to a strip of thumbnails, a
 * side panel never squeezes the viewports to slivers, AI job progress shows in the header where
 * the reader looks, and the import report can be closed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { test as base } from '@playwright/test';
import { runDevHost } from '../support/devHostSession.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage, watchPageProblems } from './fixtures.js';

let work = '';

base.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-layout-'));
  await writeSyntheticSeries({
    folder: join(work, 'ct'),
    modality: 'CT',
    description: 'Synthetic abdomen',
    seriesNumber: 4,
    rows: 48,
    columns: 48,
    pixelSpacing: [1, 1],
    positions: axialPositions(24, 2),
    voxel: (i, j, k) => 1024 + ((i + j + k) % 7) * 30,
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.84',
  });
});

base.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function width(locator: Locator): Promise<number> {
  return (await locator.boundingBox())?.width ?? 0;
}

test('at 1280x800 with the catalog open the MPR viewports keep their room; the library folds to thumbnails and back; the import report closes', async ({
  app,
}, testInfo) => {
  await app.setViewportSize({ width: 1280, height: 800 });
  await openPath(app, join(work, 'ct'));
  await waitForImage(app);
  await expect(app.getByTestId('import-report')).toBeVisible();
  await app.getByTestId('import-report-dismiss').click();
  await expect(app.getByTestId('import-report')).toHaveCount(0);

  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  const viewports = app.getByTestId('viewport');
  await expect(viewports).toHaveCount(3);
  await app.getByTestId('catalog-toggle').click();
  await expect(app.getByTestId('catalog-toggle')).toHaveAttribute('aria-pressed', 'true');
  // More than half the window stays the viewer's: three planes of 170 px or more, not 90 px slivers.
  for (let cell = 0; cell < 3; cell++)
    expect(await width(viewports.nth(cell)), `plane ${cell}`).toBeGreaterThanOrEqual(170);
  await app.screenshot({ path: testInfo.outputPath('catalog-open-1280.png') });
  await app.getByTestId('catalog-toggle').click();

  const before = await width(viewports.nth(0));
  await app.getByTestId('library-fold').click();
  const library = app.getByTestId('library-pane');
  await expect(library).toHaveClass(/thumbnail-strip/);
  await expect(app.getByTestId('study-list')).toBeHidden();
  await expect(app.getByTestId('series-item')).toBeVisible();
  expect(await width(library)).toBeLessThan(200);
  expect(await width(viewports.nth(0))).toBeGreaterThan(before + 100);
  await app.screenshot({ path: testInfo.outputPath('library-folded-1280.png') });
  await app.getByTestId('library-fold').click();
  await expect(app.getByTestId('study-list')).toBeVisible();
});

base(
  'an AI job in progress shows in the header with its progress, and a click there opens the jobs',
  async ({ page }, testInfo) => {
    const problems = watchPageProblems(page);
    const dataDir = join(work, 'data');
    await mkdir(join(dataDir, 'jobs'), { recursive: true });
    const now = new Date().toISOString();
    const job = {
      version: 1,
      id: 'job-layout-0001',
      createdAt: now,
      updatedAt: now,
      service: {
        id: 'aneurysm-mra',
        version: '1.0.0',
        workitemCode: { value: '0001', scheme: '99MITATE', meaning: 'Test' },
        deidOptions: [],
      },
      source: { studyInstanceUid: '1.2.826.0.1.3680043.10.1234.84.1', seriesInstanceUids: [] },
      destination: 'http://127.0.0.1:9/dicomweb',
      state: 'uploading',
      progress: { instancesDone: 10, instancesTotal: 24, bytesDone: 40, bytesTotal: 100 },
      results: [],
    };
    await writeFile(join(dataDir, 'jobs', `${job.id}.json`), JSON.stringify(job));
    const host = await runDevHost(dataDir, []);
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(host.launchUrl);
      await page.evaluate(async () => window.mitate.invoke('settings.update', { locale: 'ja' }));
      await page.reload();
      const activity = page.getByTestId('activity-jobs');
      await expect(activity).toContainText('AI 解析 1 件 進行中');
      await expect(page.getByTestId('activity-jobs-progress')).toHaveAttribute('value', '40');
      // In the header, above the fold, at any window height.
      const box = await activity.boundingBox();
      expect(box!.y).toBeLessThan(80);
      await page.getByTestId('library-fold').click();
      await expect(page.getByTestId('jobs-panel')).toBeHidden();
      await activity.click();
      await expect(page.getByTestId('jobs-panel')).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath('job-in-header-1280.png') });
    } finally {
      await host.stop();
    }
    expect(problems, 'page errors').toEqual([]);
  },
);
