import { test as base, expect, type Page } from '@playwright/test';
import { startDevHostProcess, type RunningDevHost } from '../support/devHostProcess.js';
import { testData } from '../support/paths.js';
import { totpCode } from '../support/totpCode.js';

/**
 * Console errors that third-party code prints for files it then reads correctly: the DICOM
 * metadata reader logs the ambiguous VRs of implicit-VR files ("xs", "ox") before resolving them.
 */
const KNOWN_LIBRARY_NOISE = [/^Invalid vr type (xs|ox) - using (US|OW)$/];

interface Fixtures {
  app: Page;
}

interface WorkerFixtures {
  devHost: RunningDevHost;
}

/**
 * `app`: a page logged in to a dev host with an empty library. Any page error or console error
 * (a CSP violation, a failed request, an exception) fails the test.
 */
export const test = base.extend<Fixtures, WorkerFixtures>({
  devHost: [
    async ({}, use) => {
      const host = await startDevHostProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, devHost }, use) => {
    const problems = watchPageProblems(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(devHost.launchUrl);
    await page.evaluate(async () => window.mitate.invoke('library.clear', {}));
    await page.evaluate(async () => window.mitate.invoke('settings.update', { locale: 'ja' }));
    // PACS connections as on a fresh install: no nodes, receiving off (the port closes).
    await page.evaluate(async () => {
      const current = await window.mitate.invoke('pacs.settings', {});
      if (!current.ok) throw new Error('pacs.settings failed');
      const { local } = current.value;
      await window.mitate.invoke('pacs.updateSettings', {
        local: {
          ...local,
          aeTitle: 'MITATE',
          port: 11112,
          receiveEnabled: false,
          allowedCallers: [],
        },
        nodes: [],
      });
    });
    await page.reload();
    await expect(page.getByTestId('study-list-empty')).toBeVisible();
    await use(page);
    expect(problems, 'page errors').toEqual([]);
  },
});

export { expect };

/**
 * Collects every page error and console error (a CSP violation, a failed request, an exception)
 * but the known library noise; E2E_TRACE=1 also prints them and failed responses as they come.
 */
/** Console errors a test provokes on purpose (requests it makes fail), by page. */
const expectedErrors = new WeakMap<Page, RegExp[]>();

/** Console errors matching `pattern` do not fail this page's test: it causes them itself. */
export function expectConsoleErrors(page: Page, pattern: RegExp): void {
  expectedErrors.set(page, [...(expectedErrors.get(page) ?? []), pattern]);
}

export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => {
    if (process.env['E2E_TRACE'])
      console.log('[pageerror]', error.message, error.stack?.split('\n').slice(1, 4).join(' / '));
    problems.push(`pageerror: ${error.message}`);
  });
  page.on('console', (message) => {
    if (process.env['E2E_TRACE'])
      console.log('[page]', message.type(), message.text().slice(0, 200));
    const allowed = [...KNOWN_LIBRARY_NOISE, ...(expectedErrors.get(page) ?? [])];
    if (message.type() === 'error' && !allowed.some((pattern) => pattern.test(message.text()))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (process.env['E2E_TRACE'] && response.status() >= 400)
      console.log('[response]', response.status(), new URL(response.url()).pathname);
  });
  return problems;
}

/** Signs in as the doctor does: the header's button opens the platform's login page, password, then a TOTP code (RFC 6238). */
export async function signInWithTotp(
  page: Page,
  user: { username: string; password: string; secret: string },
): Promise<void> {
  const opened = page.context().waitForEvent('page');
  await page.getByTestId('sign-in').click();
  const loginPage = await opened;
  await loginPage.locator('#username').fill(user.username);
  await loginPage.locator('#password').fill(user.password);
  await loginPage.locator('form[data-step="password"] button').click();
  await loginPage.locator('#code').fill(totpCode(user.secret));
  await loginPage.locator('form[data-step="totp"] button').click();
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'signed-in');
  await loginPage.close();
}

/** Types a path into the import field and opens it, as a doctor would in the dev host. */
export async function openPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('open-path').click();
}

export async function openTestFolder(page: Page, folder: string): Promise<void> {
  await openPath(page, testData(folder));
}

/** How many series the viewport has started loading so far. */
export async function loadCount(page: Page): Promise<number> {
  const viewport = page.getByTestId('viewport');
  if ((await viewport.count()) === 0) return 0;
  return Number((await viewport.getAttribute('data-load-count')) ?? 0);
}

/**
 * Waits until a series load later than `after` has drawn its first image and the viewport says
 * it is ready.
 */
export async function waitForImage(page: Page, after = 0): Promise<void> {
  const viewport = page.getByTestId('viewport');
  await expect.poll(() => loadCount(page)).toBeGreaterThan(after);
  await expect(viewport).toHaveAttribute('data-status', 'ready');
  await expect(viewport).toHaveAttribute('data-first-image-ms', /\d/);
}
