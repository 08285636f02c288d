/**
 * The platform's login pages follow the app's language: the app sends `ui_locales` in the
 * authorization request (OIDC Core §3.1.2.1) and the reference platform renders its pages in it,
 * even when the browser itself asks for English first (this page's Accept-Language is en-US).
 * Screenshots of the login page at 1280×800 and 1920×1080 in Japanese and English.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';

test.use({ locale: 'en-US' });

let platform: TestPlatform;
let dataDir: string;
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  platform = await startTestPlatform();
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-e2e-login-language-'));
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const HEADINGS = { ja: 'ログイン', en: 'Sign in' } as const;
const BUTTONS = { ja: '次へ', en: 'Next' } as const;

test('the login page is in the app’s language, whatever the browser asks for', async ({
  page,
}, testInfo) => {
  const host = await runDevHost(dataDir, ['--platform-url', platform.url]);
  hosts.push(host);
  await page.goto(host.launchUrl);
  for (const locale of ['ja', 'en'] as const) {
    await page.evaluate(
      async (value) => window.mitate.invoke('settings.update', { locale: value }),
      locale,
    );
    await page.reload();
    await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');
    const opened = page.context().waitForEvent('page');
    await page.getByTestId('sign-in').click();
    const loginPage = await opened;
    await loginPage.waitForLoadState();
    expect(new URL(loginPage.url()).pathname).toMatch(/^\/interaction\//);
    await expect(loginPage.locator('html')).toHaveAttribute('lang', locale);
    await expect(loginPage.locator('h2')).toHaveText(HEADINGS[locale]);
    await expect(loginPage.locator('form[data-step="password"] button')).toHaveText(
      BUTTONS[locale],
    );
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await loginPage.setViewportSize({ width, height });
      await loginPage.screenshot({
        path: testInfo.outputPath(`login-page-${locale}-${width}x${height}.png`),
      });
    }
    await loginPage.close();
    await page.getByTestId('cancel-sign-in').click();
  }
});
