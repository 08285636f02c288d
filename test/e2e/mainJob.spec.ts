/**
 * The main job as one flow, the way a doctor does it, through the dev host and the
 * real reference platform: a phantom MRA in the library; password + TOTP on the platform's own
 * login pages; the aneurysm service from the catalog; the preview of what will leave (main's
 * pseudonymizer); Confirm; the job followed in the jobs panel to "completed" (STOW-RS, UPS work
 * item, the platform's performer running the real analysis, WADO-RS back, references mapped
 * home); the results beside the study in the library; "Open results" from the job; then the
 * review of the original study, with the width: the compare layout tints a true aneurysm
 * (truth.json of the phantom, projected onto the slice on screen), the MIP carries the outlines,
 * the findings are the service's own findings.json, one accepted and one rejected, and the
 * assessment SR passes dciodvfy, references the AI report and is listed beside the study.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from '@playwright/test';
import { expect, signInWithTotp, watchPageProblems } from './fixtures.js';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { imagePlane, type ImagePlane } from '../support/imagePlane.js';
import { REAL_KEYRING } from '../support/keychainEntry.js';
import { repoRoot } from '../support/paths.js';
import { meanNear, saturation, screenRgb } from '../support/screenColour.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';

const run = promisify(execFile);
const platformCli = join(repoRoot, 'dist/platform/cli.js');

interface Findings {
  findings: {
    center_mm: [number, number, number];
    diameter_mm: number;
    volume_mm3: number;
    confidence: number;
  }[];
}
interface Truth {
  aneurysms: { center_mm: [number, number, number]; diameter_mm: number }[];
}

let platform: TestPlatform;
let work: string;
let kept: string;
let truth: Truth;
let plane: ImagePlane;
const hosts: DevHostRun[] = [];

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-e2e-main-job-'));
  kept = join(work, 'service-output');
  await mkdir(kept);
  // The performer runs `analyze` from the built platform CLI in a child process, as `serve` does,
  // through a wrapper that keeps the service's findings.json for the comparison below.
  platform = await startTestPlatform({
    analyzeCommand: [
      process.execPath,
      join(repoRoot, 'test/support/analyzeKeepingFindings.mjs'),
      kept,
      platformCli,
    ],
  });
  // Seed 9 at 96x96x100 (the service needs 100 slices) has three aneurysms, all found: one to accept, one to reject.
  await run(process.execPath, [
    platformCli,
    'phantom',
    '--seed',
    '9',
    '--size',
    '96x96x100',
    '--out',
    join(work, 'mra'),
  ]);
  truth = JSON.parse(await readFile(join(work, 'mra', 'truth.json'), 'utf8')) as Truth;
  plane = await imagePlane(
    join(work, 'mra', (await readdir(join(work, 'mra'))).find((name) => name.endsWith('.dcm'))!),
  );
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

test('send a phantom MRA to the aneurysm service and review its findings over the images', async ({
  page,
}, testInfo) => {
  test.skip(
    !REAL_KEYRING,
    'needs the Secret Service (vault key, session): run inside test/support/with-keyring.sh',
  );
  test.setTimeout(240_000);
  const problems = watchPageProblems(page);
  page.on('dialog', (dialog) => void dialog.accept());
  const user = await platform.addUser('suzuki', '鈴木 花子');
  const dataDir = await mkdtemp(join(work, 'app-'));
  const host = await runDevHost(dataDir, [
    '--platform-url',
    platform.url,
    '--import',
    join(work, 'mra'),
  ]);
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

  await signInWithTotp(page, user);
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
  await expect(dialog.getByTestId('send-privacy')).toContainText(
    '氏名・患者 ID・生年月日は、このワークステーションから送信されません',
  );
  await expect(dialog.getByTestId('deid-group')).toHaveCount(4);
  // Patient Name and ID get pseudonyms, the Study Instance UID a new UID: all under "replaced".
  const replaced = dialog.locator('[data-testid="deid-group"][data-group="replaced"]');
  await expect(replaced.locator('[data-testid="deid-entry"][data-tag="00100010"]')).toHaveCount(1);
  await expect(replaced.locator('[data-testid="deid-entry"][data-tag="0020000D"]')).toHaveCount(1);
  expect(Number(await replaced.getAttribute('data-attributes'))).toBeGreaterThan(0);
  await expect(
    dialog.locator('[data-testid="deid-entry"][data-tag="00100010"][data-action="kept"]'),
  ).toHaveCount(0);
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
  await page
    .getByTestId('jobs-panel')
    .screenshot({ path: testInfo.outputPath('job-completed.png') });

  // The results are in the library beside the original study: the study row carries the AI mark
  // (SEG and SR: two result series) naming the service, the algorithm and its version and the time,
  // and the study's series list has them after the images, marked AI, not as image stacks.
  await page.getByTestId('catalog-toggle').click();
  const studyMark = page.getByTestId('study-row').first().getByTestId('study-ai-mark');
  await expect(studyMark).toHaveText('AI 2');
  await expect(studyMark).toHaveAttribute(
    'title',
    /脳動脈瘤.*\d.*（.+ \d+\.\d+.*、\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}）/,
  );
  const resultSeries = page.locator('[data-testid="result-series"][data-kind="ai"]');
  await expect(resultSeries).toHaveCount(2);
  await expect(resultSeries.filter({ hasText: 'SEG' })).toContainText('AI');
  await expect(resultSeries.filter({ hasText: 'SR' })).toContainText('脳動脈瘤');
  await expect(page.getByTestId('series-item')).toHaveCount(1);
  await page
    .getByTestId('library-pane')
    .screenshot({ path: testInfo.outputPath('library-with-ai-results.png') });

  // The completed job opens the review of its study.
  await job.getByTestId('job-open-results').click();
  await expect(page.getByTestId('review')).toBeVisible();

  // The review has the width: the library folds to a strip, and the three panes (original |
  // annotated | MIP) share what is left. At 1400 px each pane is over 300 px wide.
  const width = async (testId: string): Promise<number> =>
    (await page.getByTestId(testId).first().boundingBox())?.width ?? 0;
  await expect(page.getByTestId('library-pane')).toHaveClass(/folded/);
  expect(await width('library-pane')).toBeLessThan(60);
  const cells = page.locator('.review-cell');
  await expect(cells).toHaveCount(3);
  for (const box of await Promise.all((await cells.all()).map((cell) => cell.boundingBox())))
    expect(box?.width ?? 0).toBeGreaterThan(300);
  expect(await width('review')).toBeGreaterThan(1300);
  // ...and comes back with the strip's button, and folds again.
  await page.getByTestId('library-fold').click();
  await expect(page.getByTestId('study-row')).toBeVisible();
  expect(await width('library-pane')).toBeGreaterThan(300);
  await page.screenshot({ path: testInfo.outputPath('review-library-shown.png') });
  await page.getByTestId('library-fold').click();
  await expect(page.getByTestId('study-row')).toBeHidden();

  // The findings list is the service's own findings.json, in order, with the AI mark.
  const findings = JSON.parse(await readFile(join(kept, 'findings.json'), 'utf8')) as Findings;
  expect(findings.findings.length).toBe(truth.aneurysms.length);
  const annotated = page.getByTestId('review-annotated');
  const original = page.getByTestId('review-original');
  await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 90_000 });
  const rows = page.getByTestId('finding');
  await expect(rows).toHaveCount(findings.findings.length);
  for (const [index, expected] of findings.findings.entries()) {
    await expect(rows.nth(index).getByTestId('finding-size')).toHaveText(
      `${expected.diameter_mm.toFixed(1)} mm`,
    );
    await expect(rows.nth(index).getByTestId('finding-confidence')).toHaveText(
      `${Math.round(expected.confidence * 100)}%`,
    );
  }
  await expect(page.getByTestId('finding-list').getByTestId('ai-mark')).toContainText(
    /AI\s+\S+.*\d/,
  );

  // Select the finding nearest a true aneurysm: both viewports go to its slice. There, at the
  // aneurysm's centre projected onto the slice (phantom geometry, not the app's), the overlay
  // tints the vessel and the original beside it stays grey.
  const aneurysm = truth.aneurysms[0]!;
  const distance = (a: readonly number[], b: readonly number[]): number =>
    Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
  const nearest = findings.findings
    .map((f, index) => ({ index, d: distance(f.center_mm, aneurysm.center_mm) }))
    .sort((a, b) => a.d - b.d)[0]!;
  expect(nearest.d).toBeLessThan(aneurysm.diameter_mm / 2);
  await rows.nth(nearest.index).getByTestId('finding-select').click();
  await expect(annotated).toHaveAttribute('data-marker', /\d/);
  const regions = page.getByTestId('review-regions');
  expect(plane.orientation).toEqual([1, 0, 0, 0, 1, 0]);
  const shownZ = async (): Promise<number> =>
    Number((await regions.getAttribute('data-image-position'))?.split(',')[2]);
  await expect
    .poll(async () => Math.abs((await shownZ()) - aneurysm.center_mm[2]), {
      message: 'the slice through the aneurysm',
    })
    .toBeLessThan(aneurysm.diameter_mm / 2);
  const slice = (await regions.getAttribute('data-image-position'))!.split(',').map(Number);
  const [rx, ry, rw, rh] = (await regions.getAttribute('data-image-rect'))!
    .split(',')
    .map(Number) as [number, number, number, number];
  // Pixel centres are at whole indices from the Image Position (PS3.3 C.7.6.2.1.1); the rectangle spans the pixels' outer edges.
  const column = (aneurysm.center_mm[0] - slice[0]!) / plane.spacing[1]!;
  const row = (aneurysm.center_mm[1] - slice[1]!) / plane.spacing[0]!;
  const [x, y] = [rx + ((column + 0.5) * rw) / plane.columns, ry + ((row + 0.5) * rh) / plane.rows];
  const [mx, my] = (await annotated.getAttribute('data-marker'))!.split(',').map(Number) as [
    number,
    number,
  ];
  expect(Math.hypot(mx - x, my - y), 'the finding marker on the true aneurysm').toBeLessThan(
    ((aneurysm.diameter_mm / 2) * rw) / (plane.columns * plane.spacing[1]!),
  );
  await page.waitForTimeout(300);
  await page.screenshot({ path: testInfo.outputPath('review-compare.png') });
  const coloured = meanNear(
    await screenRgb(annotated, testInfo.outputPath('review-annotated.png')),
    x,
    y,
  );
  const grey = meanNear(
    await screenRgb(original, testInfo.outputPath('review-original.png')),
    x,
    y,
  );
  expect(saturation(coloured), `annotated ${coloured.join(',')}`).toBeGreaterThan(40);
  expect(saturation(grey), `original ${grey.join(',')}`).toBeLessThan(10);
  expect(Math.max(...grey), 'the vessel is bright in the original').toBeGreaterThan(30);

  // The MIP beside them carries the segments' outlines, projected (coloured lines over a grey MIP).
  const mip = page.getByTestId('review-mip');
  await expect(mip).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(mip).toHaveAttribute('data-outlines', String(findings.findings.length));
  const mipScreen = await screenRgb(mip.locator('..'), testInfo.outputPath('review-mip.png'));
  const mipBox = (await mip.locator('..').boundingBox())!;
  let colouredPixels = 0;
  for (let py = 0; py < mipBox.height; py += 2)
    for (let px = 0; px < mipBox.width; px += 2)
      if (saturation(mipScreen.at(px, py)) > 40) colouredPixels++;
  expect(colouredPixels, 'outline pixels on the MIP').toBeGreaterThan(20);

  // Accept one, reject another with a comment; save. The assessment SR is a new object that references the AI report.
  await rows.nth(0).getByTestId('finding-accept').click();
  await rows.nth(1).getByTestId('finding-reject').click();
  await rows.nth(1).getByTestId('finding-comment').fill('血管の分岐部 (bifurcation)');
  await page.getByTestId('assessment-save').click();
  const saved = page.getByTestId('assessment-saved');
  await expect(saved).toBeVisible();
  const file = join(dataDir, 'assessments', `${await saved.getAttribute('data-sop')}.dcm`);
  const { stdout, stderr } = await run('dciodvfy', [file]).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  expect(`${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('Error'))).toEqual([]);
  const dump = (await run('dsrdump', ['+Pu', file])).stdout;
  const stored = JSON.parse(await readFile(join(dataDir, 'ai-results', 'index.json'), 'utf8')) as {
    results: { modality: string; sopInstanceUid: string }[];
  };
  const aiReport = stored.results.find((entry) => entry.modality === 'SR')!;
  expect(dump).toContain(aiReport.sopInstanceUid);
  expect((dump.match(/"Accepted"/g) ?? []).length).toBe(1);
  expect((dump.match(/"Rejected"/g) ?? []).length).toBe(1);
  await writeFile(testInfo.outputPath('assessment-dsrdump.txt'), dump);

  // The doctor's assessment is listed beside the study too, marked as the doctor's.
  await page.getByTestId('library-fold').click();
  await expect(
    page.getByTestId('study-row').first().getByTestId('study-assessed-mark'),
  ).toBeVisible();
  await expect(page.locator('[data-testid="result-series"][data-kind="assessment"]')).toContainText(
    '鈴木 花子',
  );

  // The decisions come back when the review is opened again (read from the saved SR's index).
  await page.getByTestId('review-close').click();
  await page.getByTestId('review-open').click();
  await expect(page.getByTestId('finding').nth(0)).toHaveAttribute('data-decision', 'accepted');
  await expect(page.getByTestId('finding').nth(1)).toHaveAttribute('data-decision', 'rejected');
  expect(problems, 'page errors').toEqual([]);
});
