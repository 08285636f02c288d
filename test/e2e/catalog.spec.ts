/**
 * The service catalog end to end: synced from the real platform and signature-checked in the
 * main process, browsed in the real renderer (categories, search, details, My page, eligibility
 * of the series on screen), shown from the disk cache with the platform stopped, and kept when an
 * impostor on the platform's address serves a tampered catalog, with a visible security alert.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signInWithTotp } from './fixtures.js';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { REAL_KEYRING } from '../support/keychainEntry.js';
import { testData } from '../support/paths.js';
import { startImpostor, tamperedCatalog } from '../support/platformImpostor.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';

let platform: TestPlatform;
let dataDir: string;
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  platform = await startTestPlatform();
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-e2e-catalog-'));
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function launch(page: Page, platformUrl: string): Promise<DevHostRun> {
  const host = await runDevHost(dataDir, [
    '--platform-url',
    platformUrl,
    '--import',
    testData('mr-head-t1-siemens-xa30-classic'),
  ]);
  hosts.push(host);
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('user-panel')).toBeVisible();
  return host;
}

test('catalog, details, My page and eligibility; offline from the cache; a tampered catalog is refused', async ({
  page,
}, testInfo) => {
  test.skip(
    !REAL_KEYRING,
    'needs the Secret Service for the resumed session: run inside test/support/with-keyring.sh (npm test does)',
  );
  const user = await platform.addUser('tanaka', '田中 誠');
  let host = await launch(page, platform.url);

  await signInWithTotp(page, user);
  await expect(page.getByTestId('user-name')).toHaveText('田中 誠');

  await page.getByTestId('catalog-toggle').click();
  const items = page.getByTestId('service-item');
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('catalog-sync')).toHaveAttribute('data-source', 'network');
  await expect(page.getByTestId('catalog-synced')).toContainText('最終同期');

  // Search (either language) and categories.
  await page.getByTestId('catalog-search').fill('動脈瘤');
  await expect(items).toHaveCount(1);
  await page.getByTestId('catalog-search').fill('segmentation');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-service', 'intracranial-seg');
  await page.getByTestId('catalog-search').fill('');
  await page.getByTestId('catalog-category-neuro').click();
  await expect(items).toHaveCount(2);

  // Eligibility of the series on screen (96 slices of a T1 MR).
  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  const aneurysm = page.locator('[data-testid="service-item"][data-service="aneurysm-mra"]');
  const intracranial = page.locator(
    '[data-testid="service-item"][data-service="intracranial-seg"]',
  );
  await expect(intracranial.getByTestId('eligibility')).toHaveAttribute('data-eligible', 'true');
  await expect(aneurysm.getByTestId('eligibility')).toHaveAttribute('data-eligible', 'false');
  await expect(aneurysm.getByTestId('eligibility')).toContainText(
    'スライス数が不足（96 / 必要 100）',
  );
  await expect(aneurysm.getByTestId('eligibility')).toContainText('撮像法');

  // The detail page, then pin to My page.
  await aneurysm.click();
  const detail = page.getByTestId('service-detail');
  await expect(detail.getByRole('heading')).toHaveText('脳動脈瘤候補検出(TOF-MRA)');
  await expect(detail.getByTestId('detail-vendor')).toHaveText('Mitate reference platform');
  await expect(detail.getByTestId('detail-version')).toHaveText('1.0.0');
  await expect(detail.getByTestId('detail-regulatory')).toContainText('臨床使用不可');
  await expect(detail.getByTestId('detail-sent')).toContainText('顔など識別可能な特徴を除去');
  await expect(detail.getByTestId('detail-sent')).toContainText('基本プロファイル');
  await expect(detail.getByTestId('detail-turnaround')).toHaveText('通常 15 秒、最大 5 分');
  await page.getByTestId('pin-toggle').click();
  await expect(page.getByTestId('pin-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: testInfo.outputPath('catalog-detail.png') });

  await page.getByTestId('catalog-tab-mine').click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute('data-service', 'aneurysm-mra');

  // English, same screen.
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('catalog-tab-mine')).toHaveText('My page');
  await items.first().click();
  await expect(detail.getByTestId('detail-turnaround')).toHaveText('usually 15 s, at most 5 min');
  await page.getByTestId('language').selectOption('ja');

  // The platform goes away; a restarted app shows the saved catalog and says when it was synced.
  await host.stop();
  const port = Number(new URL(platform.url).port);
  await platform.close({ keepData: true });
  host = await launch(page, platform.url);
  await expect(page.getByTestId('user-name')).toHaveText('田中 誠');
  await expect(page.getByTestId('auth-offline')).toBeVisible();
  await page.getByTestId('catalog-toggle').click();
  await expect(page.getByTestId('catalog-sync')).toHaveAttribute('data-source', 'cache');
  await expect(page.getByTestId('catalog-offline')).toBeVisible();
  await expect(page.getByTestId('catalog-synced')).toContainText('最終同期');
  await expect(items).toHaveCount(2);
  await page.getByTestId('catalog-tab-mine').click();
  await expect(items).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('catalog-offline.png') });

  // Someone else answers on the platform's address with a tampered copy of the genuine catalog.
  const realJws = (
    JSON.parse(await readFile(join(dataDir, 'catalog', 'catalog.json'), 'utf8')) as { jws: string }
  ).jws;
  const impostor = await startImpostor(port, {
    '/api/catalog': () => ({
      status: 200,
      body: tamperedCatalog(realJws),
      headers: { etag: '"tampered"' },
    }),
  });
  try {
    await page.getByTestId('catalog-refresh').click();
    await expect(page.getByTestId('catalog-alert')).toBeVisible();
    await expect(page.getByTestId('catalog-alert')).toContainText('セキュリティ警告');
    await expect(page.getByTestId('catalog-alert')).toHaveAttribute('data-alert', 'bad_signature');
    await page.getByTestId('catalog-tab-all').click();
    await expect(items).toHaveCount(2);
    await aneurysm.click();
    await expect(page.getByTestId('service-detail')).toContainText('最少スライス数: 100');
    await page.screenshot({ path: testInfo.outputPath('catalog-tampered.png') });
  } finally {
    await impostor.close();
    platform = await startTestPlatform({ dataDir: platform.dataDir, port });
  }
  await host.stop();
});
