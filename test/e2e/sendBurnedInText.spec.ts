/**
 * Burned-in text through the send dialog, as a doctor meets it: an MR series whose slices carry
 * no usable Burned In Annotation, one with a name burned in strongly and one with faint text,
 * under a managed policy that requires Clean Pixel Data. The preview shows, series by series, the
 * masked slice as it will be sent (its pixels checked here: the text's area is black) and the
 * faint one held back; the doctor opens it larger, ticks that it was looked at, and sends: the job
 * stages every slice, the held ones included.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { expect, signInWithTotp, watchPageProblems } from './fixtures.js';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { REAL_KEYRING } from '../support/keychainEntry.js';
import { testData } from '../support/paths.js';
import { loadStrips, scaleStrip } from '../support/burnedIn/textSet.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';

let platform: TestPlatform;
let work: string;
const hosts: DevHostRun[] = [];
const TEXT_AT = { x: 4, y: 4 };

/**
 * Writes the MR slice with its Burned In Annotation blanked (the value says nothing) and, when
 * `share` is given, a line of text drawn at that share of the slice's maximum value (of 1024 at least).
 */
async function slice(from: string, to: string, share?: number, line = 0): Promise<void> {
  const bytes = new Uint8Array(await readFile(from));
  const data = dicomParser.parseDicom(bytes);
  const annotation = data.elements['x00280301'];
  if (annotation !== undefined)
    bytes.fill(0x20, annotation.dataOffset, annotation.dataOffset + annotation.length);
  if (share !== undefined) {
    const columns = data.uint16('x00280011')!;
    const pixel = data.elements['x7fe00010']!;
    const view = new DataView(bytes.buffer, bytes.byteOffset + pixel.dataOffset, pixel.length);
    let max = 0;
    for (let i = 0; i < pixel.length / 2; i++) max = Math.max(max, view.getUint16(i * 2, true));
    // The detector reads a 16-bit frame over at least 1024 values (quiet slices are not stretched).
    const ink = share * Math.max(max, 1024);
    const strip = scaleStrip(loadStrips()[line]!, 12);
    for (let y = 0; y < strip.height; y++)
      for (let x = 0; x < strip.width && TEXT_AT.x + x < columns; x++) {
        const alpha = strip.coverage[y * strip.width + x]! / 255;
        const at = ((TEXT_AT.y + y) * columns + TEXT_AT.x + x) * 2;
        const value = view.getUint16(at, true);
        view.setUint16(at, Math.round(value * (1 - alpha) + ink * alpha), true);
      }
  }
  await writeFile(to, bytes);
}

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-e2e-burned-in-'));
  platform = await startTestPlatform({});
  const source = testData('mr-head-t1-siemens-xa30-classic');
  const names = (await readdir(source)).sort();
  await cp(source, join(work, 'mr'), { recursive: true });
  for (const [index, name] of names.entries())
    await slice(
      join(source, name),
      join(work, 'mr', name),
      index === 40 ? 1 : index === 60 ? 0.45 : undefined,
      index === 40 ? 0 : 4,
    );
});
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await platform?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

test('the send dialog shows the masked slice, holds the faint one until it is looked at, then sends both', async ({
  page,
}, testInfo) => {
  test.skip(
    !REAL_KEYRING,
    'needs the Secret Service (vault key, session): run inside test/support/with-keyring.sh',
  );
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = watchPageProblems(page);
  const user = await platform.addUser('tanaka', '田中 一郎');
  const policy = join(work, 'policy.json');
  await writeFile(policy, JSON.stringify({ deidentification: { require: ['cleanPixelData'] } }), {
    mode: 0o644,
  });
  const dataDir = await mkdtemp(join(work, 'app-'));
  const host = await runDevHost(dataDir, [
    '--platform-url',
    platform.url,
    '--policy',
    policy,
    '--import',
    join(work, 'mr'),
  ]);
  hosts.push(host);
  await page.goto(host.launchUrl);
  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  await signInWithTotp(page, user);
  await page.getByTestId('catalog-toggle').click();
  await page.locator('[data-testid="service-item"][data-service="intracranial-seg"]').click();
  const detail = page.getByTestId('service-detail');
  await expect(detail.getByTestId('send-open')).toBeEnabled({ timeout: 30_000 });
  await detail.getByTestId('send-open').click();

  const dialog = page.getByTestId('send-preview');
  await expect(dialog).toHaveAttribute('data-phase', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('send-error')).toHaveCount(0);
  // The faint slice waits for the doctor (so may a few phantom slices whose rims look like
  // faint words: the detector holds back what it cannot judge); the rest go as they are or masked.
  const review = dialog.getByTestId('review-images');
  await expect(review.getByTestId('review-series')).toHaveCount(1);
  const held = review.locator('[data-testid="review-item"][data-held="true"]');
  const heldCount = await held.count();
  expect(heldCount).toBeGreaterThan(0);
  await expect(held.first()).toContainText('送信保留');
  await expect(dialog.getByTestId('send-what')).toContainText(`${96 - heldCount} 画像`);
  // Each held slice is listed among what is left out, with its reason, until confirmed.
  await expect(
    dialog.locator('[data-testid="excluded-item"][data-reason="textUnsure"]'),
  ).toBeVisible();

  // The masked slice's picture is what will be sent: where the name was, every pixel is black.
  const masked = review.locator('[data-testid="review-item"][data-masked="true"]');
  expect(await masked.count()).toBeGreaterThan(0);
  const blank = await review.evaluate(async (element, at) => {
    for (const item of element.querySelectorAll<HTMLElement>(
      '[data-testid="review-item"][data-masked="true"]',
    )) {
      const rects = [...item.querySelectorAll('rect')].map((rect) => ({
        x: Number(rect.getAttribute('x')),
        y: Number(rect.getAttribute('y')),
        width: Number(rect.getAttribute('width')),
        height: Number(rect.getAttribute('height')),
      }));
      const covering = rects.find(
        (r) =>
          r.x <= at.x + 2 &&
          r.y <= at.y + 2 &&
          r.x + r.width >= at.x + 40 &&
          r.y + r.height >= at.y + 10,
      );
      if (covering === undefined) continue;
      const image = item.querySelector('img')!;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      // The picture is at full size for a 128-pixel slice: image and picture pixels coincide.
      const pixels = context.getImageData(
        covering.x,
        covering.y,
        covering.width,
        covering.height,
      ).data;
      let lit = 0;
      for (let i = 0; i < pixels.length; i += 4)
        if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! > 0) lit++;
      return { found: true, lit, area: covering.width * covering.height };
    }
    return { found: false, lit: -1, area: 0 };
  }, TEXT_AT);
  expect(blank.found, 'a masked picture covers the burned-in name').toBe(true);
  expect(blank.lit).toBe(0);
  expect(blank.area).toBeGreaterThan(300);

  // The held slices, looked at closer, then confirmed one by one.
  await held.last().getByTestId('review-open').click();
  await expect(dialog.getByTestId('review-large')).toBeVisible();
  await dialog
    .getByTestId('review-large')
    .screenshot({ path: testInfo.outputPath('send-review-large-ja.png') });
  for (let index = 0; index < heldCount; index++)
    await held.nth(index).getByTestId('held-confirm').check();
  await review.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('send-review-ja.png') });

  await dialog.getByTestId('send-confirm').click();
  await expect(dialog).toHaveCount(0);
  const job = page.getByTestId('job').first();
  await expect(job).toBeVisible();
  // Staged and uploaded: all 96 slices, the confirmed one included.
  await expect
    .poll(async () => job.getAttribute('data-job-state'), { timeout: 120_000 })
    .toMatch(/queued|running|completed|failed|cancelled/);
  // The job staged and uploaded all 96 slices, the confirmed ones too, and keeps which were
  // confirmed for a retry. (Without an analysis command the platform then cancels the work item.)
  const [jobFile] = (await readdir(join(dataDir, 'jobs'))).filter(
    (name) => name.endsWith('.json') && !name.startsWith('.'), // not an atomic write's temporary file
  );
  const saved = JSON.parse(await readFile(join(dataDir, 'jobs', jobFile!), 'utf8')) as {
    staged: unknown[];
    reviewed?: string[];
  };
  expect(saved.staged).toHaveLength(96);
  expect(saved.reviewed).toHaveLength(heldCount);
  await page.screenshot({ path: testInfo.outputPath('send-job-ja.png') });
  expect(problems).toEqual([]);
});
