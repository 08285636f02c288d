/**
 * The "Send" step of issue 7 as the doctor does it, end to end: a phantom MRA in the library,
 * password + TOTP login on the real platform's pages, the aneurysm service in the catalog, the
 * preview of what will leave (the de-identification report from main's pseudonymizer), Confirm,
 * the job followed in the jobs panel to "completed" (upload, UPS work item, the platform's
 * performer running the real analysis, WADO-RS back, references mapped home), and the findings
 * in the review of the original study.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { REAL_KEYRING } from '../support/keychainEntry.js';
import { repoRoot } from '../support/paths.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';
import { totpCode } from '../support/totpCode.js';

const run = promisify(execFile);
const platformCli = join(repoRoot, 'dist/platform/cli.js');

let platform: TestPlatform;
let work: string;
let truth: { aneurysms: unknown[] };
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  // The performer runs `analyze` from the built platform CLI in a child process, as `serve` does.
  platform = await startTestPlatform({ analyzeCommand: [process.execPath, platformCli] });
  work = await mkdtemp(join(tmpdir(), 'mitate-e2e-send-'));
  // Seed 9 at 96x96x100 (the service needs 100 slices) has three aneurysms the service finds.
  await run(process.execPath, [platformCli, 'phantom', '--seed', '9', '--size', '96x96x100', '--out', join(work, 'mra')]);
  truth = JSON.parse(await readFile(join(work, 'mra', 'truth.json'), 'utf8')) as { aneurysms: unknown[] };
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Any page error or console error (CSP violation, failed request, exception) fails the test. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** The sign-in of login.spec.ts: the platform's own pages, password then a TOTP code. */
async function signIn(page: Page, user: { username: string; password: string; secret: string }): Promise<void> {
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

test('send a phantom MRA to the aneurysm service: preview, confirm, job completed, AI results in the library, Open results, findings in a wide review', async ({ page }, testInfo) => {
  test.skip(!REAL_KEYRING, 'needs the Secret Service (vault key, session): run inside test/support/with-keyring.sh');
  test.setTimeout(180_000);
  const problems = watchProblems(page);
  const user = await platform.addUser('suzuki', '鈴木 花子');
  const dataDir = await mkdtemp(join(work, 'app-'));
  const host = await runDevHost(dataDir, ['--platform-url', platform.url, '--import', join(work, 'mra')]);
  hosts.push(host);
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('user-panel')).toBeVisible();

  // Signed out: the action is there but off, with the reason.
  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  await page.getByTestId('catalog-toggle').click();
  await page.locator('[data-testid="service-item"][data-service="aneurysm-mra"]').click();
  const detail = page.getByTestId('service-detail');
  await expect(detail.getByTestId('send-open')).toBeDisabled();
  await expect(detail.getByTestId('send-blocked')).toHaveAttribute('data-reason', 'signIn');

  await signIn(page, user);
  await expect(detail.getByTestId('eligibility')).toHaveAttribute('data-eligible', 'true');
  await expect(detail.getByTestId('send-open')).toBeEnabled();
  await expect(detail.getByTestId('send-open')).toHaveText('AI サービスへ送信');
  await detail.getByTestId('send-open').click();

  // The preview: made by main's pseudonymizer into a throw-away folder; nothing sent yet.
  const dialog = page.getByTestId('send-preview');
  await expect(dialog).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('send-error')).toHaveCount(0);
  await expect(dialog.getByTestId('send-what')).toContainText('1 シリーズ、100 画像');
  await expect(dialog.getByTestId('send-destination')).toHaveText(platform.url);
  await expect(dialog.getByTestId('send-privacy')).toHaveAttribute('data-withheld', 'true');
  await expect(dialog.getByTestId('send-privacy')).toContainText('氏名・患者 ID・生年月日は、このワークステーションから送信されません');
  await expect(dialog.getByTestId('deid-group')).toHaveCount(4);
  // Patient Name and ID get pseudonyms, the Study Instance UID a new UID: all under "replaced".
  const replaced = dialog.locator('[data-testid="deid-group"][data-group="replaced"]');
  await expect(replaced.locator('[data-testid="deid-entry"][data-tag="00100010"]')).toHaveCount(1);
  await expect(replaced.locator('[data-testid="deid-entry"][data-tag="0020000D"]')).toHaveCount(1);
  expect(Number(await replaced.getAttribute('data-attributes'))).toBeGreaterThan(0);
  await expect(dialog.locator('[data-testid="deid-entry"][data-tag="00100010"][data-action="kept"]')).toHaveCount(0);
  await expect(dialog.getByTestId('excluded-none')).toBeVisible();
  await dialog.screenshot({ path: testInfo.outputPath('send-preview.png') });
  await dialog.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await dialog.screenshot({ path: testInfo.outputPath('send-preview-end.png') });

  // Confirm: the job appears in the jobs panel and runs to "completed".
  await dialog.getByTestId('send-confirm').click();
  await expect(dialog).toHaveCount(0);
  const job = page.getByTestId('job').first();
  await expect(job).toBeVisible();
  await expect(job).toHaveAttribute('data-job-state', 'completed', { timeout: 150_000 });
  await expect(job).toContainText('完了');
  await expect(job).toContainText(/AI 結果 [1-9]\d* 件/);
  await expect(job).toContainText('脳動脈瘤');
  await page.getByTestId('jobs-panel').screenshot({ path: testInfo.outputPath('job-completed.png') });

  // The results are in the library beside the original study: the study row carries the AI mark
  // (SEG and SR: two result series) naming the service, the algorithm and its version and the time,
  // and the study's series list has them after the images, marked AI, not as image stacks.
  await page.getByTestId('catalog-toggle').click();
  const studyMark = page.getByTestId('study-row').first().getByTestId('study-ai-mark');
  await expect(studyMark).toHaveText('AI 2');
  await expect(studyMark).toHaveAttribute('title', /脳動脈瘤.*\d.*（.+ \d+\.\d+.*、\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}）/);
  const resultSeries = page.locator('[data-testid="result-series"][data-kind="ai"]');
  await expect(resultSeries).toHaveCount(2);
  await expect(resultSeries.filter({ hasText: 'SEG' })).toContainText('AI');
  await expect(resultSeries.filter({ hasText: 'SR' })).toContainText('脳動脈瘤');
  await expect(page.getByTestId('series-item')).toHaveCount(1);
  await page.getByTestId('library-pane').screenshot({ path: testInfo.outputPath('library-with-ai-results.png') });

  // The completed job opens the review of its study; the findings are the service's (one per aneurysm found).
  await job.getByTestId('job-open-results').click();
  await expect(page.getByTestId('review')).toBeVisible();
  await expect(page.getByTestId('finding')).toHaveCount(truth.aneurysms.length, { timeout: 60_000 });
  await expect(page.getByTestId('finding-list').getByTestId('ai-mark')).toContainText(/AI\s+\S+.*\d/);

  // The review has the width: the library folds to a strip, and the three panes (original |
  // annotated | MIP) share what is left. At 1400 px each pane is over 300 px wide.
  const width = async (testId: string): Promise<number> => (await page.getByTestId(testId).first().boundingBox())?.width ?? 0;
  await expect(page.getByTestId('library-pane')).toHaveClass(/folded/);
  expect(await width('library-pane')).toBeLessThan(60);
  const cells = page.locator('.review-cell');
  await expect(cells).toHaveCount(3);
  for (const box of await Promise.all((await cells.all()).map((cell) => cell.boundingBox()))) expect(box?.width ?? 0).toBeGreaterThan(300);
  expect(await width('review')).toBeGreaterThan(1300);
  await page.screenshot({ path: testInfo.outputPath('review-after-send.png') });
  // ...and comes back with the strip's button, and folds again.
  await page.getByTestId('library-fold').click();
  await expect(page.getByTestId('study-row')).toBeVisible();
  expect(await width('library-pane')).toBeGreaterThan(300);
  await page.screenshot({ path: testInfo.outputPath('review-library-shown.png') });
  await page.getByTestId('library-fold').click();
  await expect(page.getByTestId('study-row')).toBeHidden();

  // The doctor's assessment is listed beside the study too, marked as the doctor's.
  await page.getByTestId('finding-accept').first().click();
  await page.getByTestId('assessment-save').click();
  await expect(page.getByTestId('assessment-saved')).toBeVisible();
  await page.getByTestId('library-fold').click();
  await expect(page.getByTestId('study-row').first().getByTestId('study-assessed-mark')).toBeVisible();
  await expect(page.locator('[data-testid="result-series"][data-kind="assessment"]')).toContainText('鈴木 花子');
  expect(problems, 'page errors').toEqual([]);
});
