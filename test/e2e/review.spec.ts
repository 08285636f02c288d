import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import type { Locator } from '@playwright/test';
import { expect, openPath, test } from './fixtures.js';
import { repoRoot, testData } from '../support/paths.js';

/**
 * Review of AI results through the dev host: a phantom MRA and the aneurysm service's SEG and
 * TID 1500 SR (made offline with `mitate-platform analyze`, referencing the phantom's UIDs) are
 * imported as one study; the compare layout draws the overlay where a true aneurysm is, the
 * findings list matches findings.json, and one accept plus one reject are saved as an
 * assessment SR that passes dciodvfy and references the AI report.
 */
const run = promisify(execFile);
interface Findings {
  findings: { center_mm: [number, number, number]; diameter_mm: number; volume_mm3: number; confidence: number }[];
}
interface Truth {
  aneurysms: { center_mm: [number, number, number]; diameter_mm: number }[];
}

let work: string;
let findings: Findings;
let truth: Truth;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-review-e2e-'));
  const cli = join(repoRoot, 'bin/mitate-platform.mjs');
  // Seed 9 at 128x128x100 has three aneurysms, all found (three findings: one to accept, one to reject).
  await run(process.execPath, [cli, 'phantom', '--seed', '9', '--size', '128x128x100', '--out', join(work, 'study', 'mra')]);
  await run(process.execPath, [cli, 'analyze', '--service', 'aneurysm-mra', '--in', join(work, 'study', 'mra'), '--out', join(work, 'study', 'ai')]);
  findings = JSON.parse(await readFile(join(work, 'study', 'ai', 'findings.json'), 'utf8')) as Findings;
  truth = JSON.parse(await readFile(join(work, 'study', 'mra', 'truth.json'), 'utf8')) as Truth;
});
test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Mean colour of a 5x5 patch of an element's screenshot around (x, y) in CSS pixels. */
async function patchColour(locator: Locator, x: number, y: number, path: string): Promise<[number, number, number]> {
  const bytes = await locator.screenshot({ animations: 'disabled', path });
  const png = PNG.sync.read(bytes);
  const scale = png.width / ((await locator.boundingBox())?.width ?? png.width);
  const sum = [0, 0, 0];
  let n = 0;
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const px = Math.round((x + dx) * scale);
      const py = Math.round((y + dy) * scale);
      const at = (py * png.width + px) * 4;
      for (let c = 0; c < 3; c++) sum[c]! += png.data[at + c]!;
      n++;
    }
  }
  return sum.map((s) => s / n) as [number, number, number];
}
const saturation = (rgb: readonly number[]): number => Math.max(...rgb) - Math.min(...rgb);

test('compare layout with the SEG overlay, findings from the SR, accept and reject saved as an assessment SR', async ({ app, devHost }, testInfo) => {
  test.setTimeout(180_000);
  expect(findings.findings.length).toBeGreaterThanOrEqual(2);
  await openPath(app, join(work, 'study'));
  await expect(app.getByTestId('review-open')).toBeEnabled({ timeout: 60_000 });
  await app.getByTestId('review-open').click();

  const annotated = app.getByTestId('review-annotated');
  const original = app.getByTestId('review-original');
  await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 90_000 });

  // The findings list is the service's findings.json, in order, with the AI mark and algorithm.
  const rows = app.getByTestId('finding');
  await expect(rows).toHaveCount(findings.findings.length);
  for (const [index, expected] of findings.findings.entries()) {
    await expect(rows.nth(index).getByTestId('finding-size')).toHaveText(`${expected.diameter_mm.toFixed(1)} mm`);
    await expect(rows.nth(index).getByTestId('finding-confidence')).toHaveText(`${Math.round(expected.confidence * 100)}%`);
  }
  await expect(app.getByTestId('finding-list').getByTestId('ai-mark')).toContainText(/AI\s+\S+.*\d/);

  // Pick the finding nearest a true aneurysm (truth.json); select it: both viewports go to its centre.
  const aneurysm = truth.aneurysms[0]!;
  const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
  const nearest = findings.findings.map((f, index) => ({ index, d: distance(f.center_mm, aneurysm.center_mm) })).sort((a, b) => a.d - b.d)[0]!;
  expect(nearest.d).toBeLessThan(aneurysm.diameter_mm / 2);
  await rows.nth(nearest.index).getByTestId('finding-select').click();
  await expect(annotated).toHaveAttribute('data-marker', /\d/);
  await app.waitForTimeout(500);
  const [x, y] = (await annotated.getAttribute('data-marker'))!.split(',').map(Number) as [number, number];
  await app.screenshot({ path: testInfo.outputPath('review-compare.png') });
  const coloured = await patchColour(annotated, x, y, testInfo.outputPath('review-annotated.png'));
  const grey = await patchColour(original, x, y, testInfo.outputPath('review-original.png'));
  // The overlay tints the aneurysm; the original beside it stays grey at the same place.
  expect(saturation(coloured), `annotated ${coloured.join(',')}`).toBeGreaterThan(40);
  expect(saturation(grey), `original ${grey.join(',')}`).toBeLessThan(10);
  expect(Math.max(...grey)).toBeGreaterThan(30);

  // The MIP beside them carries the three segments' outlines, projected (coloured lines over a grey MIP).
  const mip = app.getByTestId('review-mip');
  await expect(mip).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(mip).toHaveAttribute('data-outlines', String(findings.findings.length));
  const mipCell = mip.locator('..');
  expect(await colouredShare(mipCell, testInfo.outputPath('review-mip.png'))).toBeGreaterThan(0.0005);

  // Accept one, reject another, with a comment; save.
  await rows.nth(0).getByTestId('finding-accept').click();
  await rows.nth(1).getByTestId('finding-reject').click();
  await rows.nth(1).getByTestId('finding-comment').fill('血管の分岐部 (bifurcation)');
  await app.getByTestId('assessment-save').click();
  const saved = app.getByTestId('assessment-saved');
  await expect(saved).toBeVisible();
  const sop = await saved.getAttribute('data-sop');

  const file = join(devHost.dataDir, 'assessments', `${sop}.dcm`);
  const { stdout, stderr } = await run('dciodvfy', [file]).catch((error: { stdout: string; stderr: string }) => error);
  expect(`${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('Error'))).toEqual([]);
  const dump = (await run('dsrdump', ['+Pu', file])).stdout;
  const aiSr = (await run('dcmdump', ['+P', '0008,0018', join(work, 'study', 'ai', 'aneurysm-sr.dcm')])).stdout.match(/\[([0-9.]+)\]/)![1]!;
  expect(dump).toContain(aiSr);
  expect((dump.match(/"Accepted"/g) ?? []).length).toBe(1);
  expect((dump.match(/"Rejected"/g) ?? []).length).toBe(1);
  await writeFile(testInfo.outputPath('assessment-dsrdump.txt'), dump);

  // The decisions come back when the review is opened again (read from the saved SR's index).
  await app.getByTestId('review-close').click();
  await app.getByTestId('review-open').click();
  await expect(app.getByTestId('finding').nth(0)).toHaveAttribute('data-decision', 'accepted');
  await expect(app.getByTestId('finding').nth(1)).toHaveAttribute('data-decision', 'rejected');
});

/** Share of an element's pixels that are clearly coloured (the overlay), not grey. */
async function colouredShare(locator: Locator, path: string): Promise<number> {
  const png = PNG.sync.read(await locator.screenshot({ animations: 'disabled', path }));
  let coloured = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const rgb = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
    if (saturation(rgb) > 40) coloured++;
  }
  return coloured / (png.width * png.height);
}

test('a third-party SEG (highdicom) opens over its source CT images', async ({ app }, testInfo) => {
  const folder = join(work, 'third-party');
  await mkdir(folder, { recursive: true });
  for (const name of await readdir(testData('deid-references/pydicom-ct2'))) await copyFile(join(testData('deid-references/pydicom-ct2'), name), join(folder, name));
  await copyFile(testData('deid-references/highdicom/seg_image_ct_binary.dcm'), join(folder, 'seg.dcm'));
  await openPath(app, folder);
  await expect(app.getByTestId('review-open')).toBeEnabled({ timeout: 60_000 });
  await app.getByTestId('review-open').click();
  const annotated = app.getByTestId('review-annotated');
  await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 60_000 });
  await expect(app.getByTestId('segment-item')).toHaveCount(1);
  await app.waitForTimeout(300);
  await app.screenshot({ path: testInfo.outputPath('review-third-party.png') });
  // The middle CT2 slice has the segment over about half of its 16x16 pixels; the original beside it is grey.
  expect(await colouredShare(annotated, testInfo.outputPath('third-party-annotated.png'))).toBeGreaterThan(0.05);
  expect(await colouredShare(app.getByTestId('review-original'), testInfo.outputPath('third-party-original.png'))).toBeLessThan(0.001);

  // highdicom's TID 1500 report (a planar ROI on its CT image): read generically, made by a person, so no AI mark.
  const reportFolder = join(work, 'third-party-sr');
  await mkdir(reportFolder, { recursive: true });
  for (const name of ['ct_image.dcm', 'sr_document.dcm']) await copyFile(testData(`deid-references/highdicom/${name}`), join(reportFolder, name));
  await app.getByTestId('review-close').click();
  await openPath(app, reportFolder);
  await app.getByText('CompressedSamples', { exact: false }).first().click();
  await app.getByTestId('review-open').click();
  const finding = app.getByTestId('finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('Spinal cord');
  await expect(finding).toContainText('Cervico-thoracic spine');
  await expect(finding).toContainText('1.7 cm2');
  await expect(app.getByTestId('finding-list').getByTestId('ai-mark')).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('review-third-party-sr.png') });
});
