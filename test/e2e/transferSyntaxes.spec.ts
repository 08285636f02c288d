import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { testData } from '../support/paths.js';
import {
  differences,
  grabGray,
  imageRect,
  maxOf,
  stats,
  type Gray,
  type ImageRect,
} from '../support/pixels.js';
import { expect, loadCount, openPath, test, waitForImage } from './fixtures.js';

/**
 * Every transfer syntax in the test data renders. Lossless encodings must match the
 * uncompressed reference within one grey level after windowing (measured: exactly 0).
 *
 * Lossy ones are compared with the original, under the file's window (40/400 HU), within
 * LOSSY_MEAN_ABS_DIFF / LOSSY_P99_ABS_DIFF grey levels. Measured: J2K lossy and JPEG-LS
 * near-lossless 0.1-0.2 mean; JPEG baseline 8-bit 4.4 mean / p99 22, the same error DCMTK's own
 * decoder gives for that file (4.6 / 30), so it is the encoding's loss. The 12-bit lossy JPEG
 * files (.51, .53, .55) show 7.6 mean / p99 23-27, where DCMTK's decode of the same files is
 * 1.2 / 8.6: cornerstone's 12-bit DCT decoder is less exact than DCMTK's. That is a known
 * limitation written down in the closing note, held here at its measured size so it cannot grow.
 */
const LOSSY = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.91',
]);
const LOSSY_MEAN_ABS_DIFF = 8;
const LOSSY_P99_ABS_DIFF = 30;

async function show(
  page: Page,
  path: string,
  { hideOverlay = true } = {},
): Promise<{ gray: Gray; rect: ImageRect }> {
  const before = await loadCount(page);
  await page.evaluate(async () => window.mitate.invoke('library.clear', {}));
  await openPath(page, path);
  await waitForImage(page, before);
  // Corner text differs between files (series numbers); compare the image alone.
  const overlay = page.getByTestId('tool-overlay');
  if (hideOverlay && (await overlay.getAttribute('aria-pressed')) === 'true') await overlay.click();
  if (hideOverlay) await expect(page.getByTestId('corner-top-left')).toHaveCount(0);
  const viewport = page.getByTestId('viewport');
  return { gray: await grabGray(viewport), rect: await imageRect(viewport) };
}

function syntaxOf(file: string): string {
  return /_(1\.2\.840\.10008[\d.]+)\.dcm$/.exec(file)?.[1] ?? '';
}

function p99(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? 0;
}

test('one CT image in fifteen transfer syntaxes renders like the uncompressed one', async ({
  app,
}) => {
  const dir = testData('ct-transfer-syntaxes-cornerstone');
  const referenceFile = 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm';
  const reference = await show(app, join(dir, referenceFile));
  expect(stats(reference.gray.values).sd).toBeGreaterThan(20);
  const files = (await readdir(dir)).filter(
    (file) => file.startsWith('CTImage.dcm') && file !== referenceFile,
  );
  expect(files).toHaveLength(15);
  const measured: Record<string, { mean: number; max: number; p99: number }> = {};
  for (const file of files) {
    if (process.env['E2E_TRACE']) console.log('[file]', file);
    const shown = await show(app, join(dir, file));
    const diffs = differences(shown.gray, reference.gray, reference.rect);
    const figures = { mean: stats(diffs).mean, max: maxOf(diffs), p99: p99(diffs) };
    measured[file] = figures;
    if (LOSSY.has(syntaxOf(file))) {
      expect(figures.mean, file).toBeLessThanOrEqual(LOSSY_MEAN_ABS_DIFF);
      expect(figures.p99, file).toBeLessThanOrEqual(LOSSY_P99_ABS_DIFF);
    } else {
      expect(figures.max, file).toBeLessThanOrEqual(1);
    }
  }
  if (process.env['E2E_TRACE']) console.log('[measured]', JSON.stringify(measured));
  await test.info().attach('differences.json', {
    body: JSON.stringify(measured, null, 2),
    contentType: 'application/json',
  });
});

test('two JPEG 2000 lossless CTs render an image', async ({ app }) => {
  for (const file of ['CT1_J2KR', 'CT2_J2KR']) {
    const shown = await show(app, join(testData('ct-transfer-syntaxes-cornerstone'), file));
    expect(stats(shown.gray.values).sd, file).toBeGreaterThan(20);
  }
});

test('one MR slice in nine transfer syntaxes renders pixel for pixel like the uncompressed one', async ({
  app,
}) => {
  const dir = testData('mr-transfer-syntaxes-dcm_qa_ts');
  const reference = await show(app, join(dir, '1.dcm'));
  expect(stats(reference.gray.values).sd).toBeGreaterThan(20);
  for (const file of ['2.dcm', '3.dcm', '4.dcm', '5.dcm', '6.dcm', '7.dcm', '8.dcm', '9.dcm']) {
    const shown = await show(app, join(dir, file));
    expect(
      maxOf(differences(shown.gray, reference.gray, reference.rect)),
      file,
    ).toBeLessThanOrEqual(1);
  }
});

test('the enhanced MR shows all 96 frames of its one file', async ({ app }) => {
  await show(app, testData('mr-head-t1-siemens-xa30-enhanced'), { hideOverlay: false });
  await expect(app.getByTestId('study-row')).toContainText('96');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 1 / 96');
  const first = await grabGray(app.getByTestId('viewport'));
  await app.getByTestId('slice-slider').fill('48');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 48 / 96');
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('End');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 96 / 96');
  await app.keyboard.press('PageUp');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 86 / 96');
  await app.waitForTimeout(300);
  const later = await grabGray(app.getByTestId('viewport'));
  expect(stats(later.values).sd).toBeGreaterThan(5);
  // A different frame is on screen, not the first one again.
  const rect = await imageRect(app.getByTestId('viewport'));
  expect(stats(differences(first, later, rect)).mean).toBeGreaterThan(1);
});
