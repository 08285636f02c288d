/**
 * Sending on a machine without an OS keychain: the dev host runs with a D-Bus session address
 * that leads nowhere, as on a Linux desktop with no Secret Service, so the real @napi-rs/keyring
 * finds no keychain. Signing in still works (the session is kept in memory, and the header says
 * so), but the pseudonymization secret has nowhere to live: the send's preview must name the
 * keychain, say what to do and whom to ask, not "something unexpected went wrong". Screenshots of
 * the message at 1280×800 and 1920×1080 in Japanese and English.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from '@playwright/test';
import { expect, signInWithTotp } from './fixtures.js';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { repoRoot } from '../support/paths.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';

const platformCli = join(repoRoot, 'dist/platform/cli.js');
let platform: TestPlatform;
let work: string;
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-e2e-no-keychain-'));
  platform = await startTestPlatform();
  // The aneurysm service takes an MRA of 100 slices; the smallest phantom that qualifies.
  await promisify(execFile)(process.execPath, [
    platformCli,
    'phantom',
    '--seed',
    '3',
    '--size',
    '64x64x100',
    '--out',
    join(work, 'mra'),
  ]);
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

test('without a keychain the send says the keychain is missing, what to do and whom to ask', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const user = await platform.addUser('tanaka', '田中 花子');
  const host = await runDevHost(
    await mkdtemp(join(work, 'app-')),
    ['--platform-url', platform.url, '--import', join(work, 'mra')],
    { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(work, 'no-such-bus')}` },
  );
  hosts.push(host);
  await page.goto(host.launchUrl);
  await page.evaluate(async () => window.mitate.invoke('settings.update', { locale: 'ja' }));
  await page.reload();
  await signInWithTotp(page, user);
  await expect(page.getByTestId('memory-only')).toBeVisible();

  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  await page.getByTestId('catalog-toggle').click();
  await page.locator('[data-testid="service-item"][data-service="aneurysm-mra"]').click();
  const detail = page.getByTestId('service-detail');
  await expect(detail.getByTestId('send-open')).toBeEnabled();

  for (const locale of ['ja', 'en'] as const) {
    await page.evaluate(
      async (value) => window.mitate.invoke('settings.update', { locale: value }),
      locale,
    );
    await page.reload();
    await page.getByTestId('study-row').first().click();
    await page.getByTestId('series-item').first().click();
    await page.getByTestId('catalog-toggle').click();
    await page.locator('[data-testid="service-item"][data-service="aneurysm-mra"]').click();
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('service-detail').getByTestId('send-open').click();
      const error = page.getByTestId('send-error');
      await expect(error).toHaveAttribute('data-code', 'keychain_unavailable', { timeout: 30_000 });
      if (locale === 'ja') {
        await expect(error).toContainText('キーチェーン');
        await expect(error).toContainText('Secret Service');
        await expect(error).toContainText('システム管理者');
      } else {
        await expect(error).toContainText('OS keychain is not available');
        await expect(error).toContainText('GNOME Keyring or KWallet');
        await expect(error).toContainText('IT administrator');
      }
      await expect(error).not.toContainText(locale === 'ja' ? '予期しない' : 'unexpected');
      await page.screenshot({
        path: testInfo.outputPath(`send-no-keychain-${locale}-${width}x${height}.png`),
      });
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('send-preview')).toHaveCount(0);
    }
  }
});
