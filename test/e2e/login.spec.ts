/**
 * Login end to end: the real renderer in Chromium, the real main-process code in the dev host,
 * the real reference platform on loopback, the real gnome-keyring (inside with-keyring.sh). The
 * test types the password and the TOTP code (computed from the account's secret, as an
 * authenticator app would) into the platform's own pages, in the browser page the app opened.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { REAL_KEYRING, storedSession } from '../support/keychainEntry.js';
import { startOneFactorProvider } from '../support/oneFactorProvider.js';
import { testData } from '../support/paths.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';
import { totpCode } from '../support/totpCode.js';

test.describe.configure({ mode: 'serial' });

let platform: TestPlatform;
const folders: string[] = [];
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  platform = await startTestPlatform();
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform.close();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function newDataDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-e2e-login-'));
  folders.push(folder);
  return folder;
}

async function launch(
  page: Page,
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<DevHostRun> {
  const host = await runDevHost(dataDir, ['--platform-url', platform.url, ...args], env);
  hosts.push(host);
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('user-panel')).toBeVisible();
  return host;
}

interface User {
  username: string;
  password: string;
  secret: string;
}

/** Clicks the app's sign-in (or unlock) button and fills the platform's pages in the browser page it opens. */
async function signIn(page: Page, user: User, code: string, button = 'sign-in'): Promise<Page> {
  const opened = page.context().waitForEvent('page');
  await page.getByTestId(button).click();
  const loginPage = await opened;
  await loginPage.locator('#username').fill(user.username);
  await loginPage.locator('#password').fill(user.password);
  await loginPage.locator('form[data-step="password"] button').click();
  await loginPage.locator('#code').fill(code);
  await loginPage.locator('form[data-step="totp"] button').click();
  return loginPage;
}

test('password + TOTP login: tokens in the real keychain, restart resumes, logout empties the entry', async ({
  page,
}, testInfo) => {
  test.skip(
    !REAL_KEYRING,
    'needs the Secret Service: run inside test/support/with-keyring.sh (npm test does)',
  );
  const user = await platform.addUser('yamada', '山田 太郎');
  const dataDir = await newDataDir();
  let host = await launch(page, dataDir);
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');

  const loginPage = await signIn(page, user, totpCode(user.secret));
  // The browser lands on the app's one-shot loopback listener, which hands the code to main.
  await expect(loginPage.locator('body')).toContainText('Mitate');
  expect(new URL(loginPage.url()).hostname).toBe('127.0.0.1');
  await expect(page.getByTestId('user-name')).toHaveText('山田 太郎');
  await expect(page.getByTestId('user-detail')).toContainText('パスワード + ワンタイムコード');
  // When: the token's sign-in time, as the header writes times (year/month/day hour:minute).
  await expect(page.getByTestId('user-detail')).toContainText(
    /ログイン \d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2} ·/,
  );
  await expect(page.getByTestId('memory-only')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('signed-in.png') });
  await loginPage.close();

  const stored = await storedSession(platform.url);
  expect(stored?.refreshToken.length).toBeGreaterThan(20);
  expect(stored?.user.name).toBe('山田 太郎');

  // Restart: a new main process on the same data folder resumes from the keychain.
  await host.stop();
  host = await launch(page, dataDir);
  await expect(page.getByTestId('user-name')).toHaveText('山田 太郎');
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-in');

  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');
  expect(await storedSession(platform.url)).toBeUndefined();
  await host.stop();

  // The audit trail has the login, its second factor and the logout (110114, PS3.15 A.5.3.11).
  const audit = (await readFile(join(dataDir, 'audit', 'audit.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as {
          event: { code: string };
          type?: { code: string };
          outcome: number;
          actor: { userId: string };
        },
    );
  const authEvents = audit
    .filter((entry) => entry.event.code === '110114')
    .map((entry) => `${entry.type?.code}:${entry.outcome}`);
  expect(authEvents).toEqual(['110122:0', 'MFA:0', '110123:0']);
  expect(audit.find((entry) => entry.type?.code === '110122')?.actor.userId).toBe(
    stored?.user.subject,
  );
});

test('without an OS keychain the app says so, signs in, keeps the tokens in memory only, and a restart starts signed out', async ({
  page,
}) => {
  const user = await platform.addUser('kobayashi', '小林 恵');
  const dataDir = await newDataDir();
  // A real missing keychain: no D-Bus session bus to reach a Secret Service.
  const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mitate-no-bus' };
  let host = await launch(page, dataDir, [], noKeychain);
  await expect(page.getByTestId('memory-only')).toBeVisible();
  (await signIn(page, user, totpCode(user.secret))).close();
  await expect(page.getByTestId('user-name')).toHaveText('小林 恵');
  await expect(page.getByTestId('memory-only')).toBeVisible();
  // Nothing in the data folder holds a token: read with the app stopped, so that no temporary
  // file appears or is renamed away while the folder is being read, and what it writes on the
  // way out is read too.
  await host.stop();
  const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
  for (const file of files.filter((entry) => entry.isFile())) {
    const text = await readFile(join(file.parentPath, file.name), 'utf8');
    expect(text, file.name).not.toMatch(/refresh_?token|access_?token/i);
  }
  if (REAL_KEYRING) expect(await storedSession(platform.url)).toBeUndefined();
  host = await launch(page, dataDir, [], noKeychain);
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');
  await host.stop();
});

test('a wrong TOTP code and a replayed one are refused; a fresh one signs in', async ({ page }) => {
  const user = await platform.addUser('sato', '佐藤 花子');
  const host = await launch(page, await newDataDir());
  const code = totpCode(user.secret);
  (await signIn(page, user, code)).close();
  await expect(page.getByTestId('user-name')).toHaveText('佐藤 花子');
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');

  const wrong = code === '000000' ? '111111' : '000000';
  const loginPage = await signIn(page, user, wrong);
  await expect(loginPage.locator('[data-error="wrongCode"]')).toBeVisible();
  // The code that was just accepted, again (RFC 6238 §5.2: never twice).
  await loginPage.locator('#code').fill(code);
  await loginPage.locator('form[data-step="totp"] button').click();
  await expect(loginPage.locator('[data-error="wrongCode"]')).toBeVisible();
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signing-in');

  // The next time step's code is new, so it passes.
  await loginPage.locator('#code').fill(totpCode(user.secret, Date.now() + 30_000));
  await loginPage.locator('form[data-step="totp"] button').click();
  await expect(page.getByTestId('user-name')).toHaveText('佐藤 花子');
  await page.getByTestId('sign-out').click();
  await host.stop();
});

test('a platform that signs users in with one factor is refused and nothing is stored', async ({
  page,
}) => {
  const provider = await startOneFactorProvider();
  try {
    const host = await runDevHost(await newDataDir(), ['--platform-url', provider.url]);
    hosts.push(host);
    await page.goto(host.launchUrl);
    const opened = page.context().waitForEvent('page');
    await page.getByTestId('sign-in').click();
    await (await opened).waitForLoadState();
    await expect(page.getByTestId('auth-error')).toHaveAttribute('data-code', 'auth_single_factor');
    await expect(page.getByTestId('auth-error')).toContainText('二要素認証');
    await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-out');
    if (REAL_KEYRING) expect(await storedSession(provider.url)).toBeUndefined();
    await host.stop();
  } finally {
    await provider.close();
  }
});

test('the idle lock hides all patient data; only a fresh login of the same user unlocks', async ({
  page,
}, testInfo) => {
  const user = await platform.addUser('suzuki', '鈴木 一郎');
  const host = await launch(page, await newDataDir(), [
    '--idle-lock-seconds',
    '6',
    '--import',
    testData('mr-head-t1-siemens-xa30-classic'),
  ]);
  (await signIn(page, user, totpCode(user.secret))).close();
  await expect(page.getByTestId('user-name')).toHaveText('鈴木 一郎');

  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  // Loading may take a while on a busy machine: keep using the window meanwhile, as a doctor would.
  await expect
    .poll(
      async () => {
        await page.mouse.move(200 + Math.random() * 100, 300);
        return page.getByTestId('viewport').getAttribute('data-status');
      },
      { timeout: 45_000, intervals: [1000] },
    )
    .toBe('ready');
  const patientText = (await page.getByTestId('study-row').first().innerText())
    .split('\n')[0]!
    .trim();
  const patientId = (await page.evaluate(async () =>
    window.mitate.invoke('library.studies', {}),
  )) as { ok: boolean; value: { patientId: string }[] };
  expect(patientText.length).toBeGreaterThan(0);
  const viewportBox = (await page.getByTestId('viewport').boundingBox())!;
  const instanceId = await page.evaluate(async () => {
    const studies = await window.mitate.invoke('library.studies', {});
    if (!studies.ok) return '';
    const series = await window.mitate.invoke('library.series', { studyId: studies.value[0]!.id });
    return series.ok ? series.value[0]!.instances[0]!.id : '';
  });
  expect(instanceId).not.toBe('');

  // No input from here: the main process locks after 6 idle seconds.
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 15_000 });
  const shot = await page.screenshot({ path: testInfo.outputPath('locked.png') });
  await testInfo.attach('locked', { body: shot, contentType: 'image/png' });

  // Nothing of the study is in the page any more: no list, no viewer, no name, no ID.
  const text = await page.locator('body').innerText();
  expect(text).not.toContain(patientText);
  expect(text).not.toContain(patientId.value[0]!.patientId);
  expect(await page.locator('canvas').count()).toBe(0);
  expect(await page.getByTestId('study-row').count()).toBe(0);
  // Where the image was, the screenshot is the plain background (a corner away from the lock card).
  const png = PNG.sync.read(shot);
  let bright = 0;
  for (
    let y = Math.floor(viewportBox.y + viewportBox.height * 0.7);
    y < viewportBox.y + viewportBox.height - 4;
    y++
  ) {
    for (
      let x = Math.floor(viewportBox.x + viewportBox.width * 0.8);
      x < viewportBox.x + viewportBox.width - 4;
      x++
    ) {
      const i = (y * png.width + x) * 4;
      if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! > 3 * 40) bright++;
    }
  }
  expect(bright).toBe(0);
  // The main process withholds patient data too, whatever the page asks.
  const asked = (await page.evaluate(async () => window.mitate.invoke('library.studies', {}))) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(asked).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  expect(await page.evaluate(async (id) => (await fetch(`/dicom/${id}`)).status, instanceId)).toBe(
    423,
  );

  // Unlock asks for password and code again (prompt=login, max_age=0); the next step's code is fresh.
  (await signIn(page, user, totpCode(user.secret, Date.now() + 30_000), 'unlock')).close();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(page.getByTestId('study-row').first()).toContainText(patientText);

  // "Lock now" locks at once.
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  // Signing out from the lock screen does not lift the lock: the next person must sign in.
  await page.getByTestId('lock-sign-out').click();
  await expect(page.getByTestId('lock-sign-out')).toHaveCount(0);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  expect(await page.getByTestId('study-row').count()).toBe(0);
  await host.stop();
});
