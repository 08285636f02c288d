/**
 * The idle lock with nobody signed in (no platform at all): the doctor sets a local unlock PIN in
 * the header, opens a study, leaves the workstation; the dev host's idle clock
 * (`--idle-lock-seconds`, the hook the login test uses) locks it, and the screenshot shows none of
 * the image where it was. A wrong PIN is refused with its message, the right one brings the image
 * back. Screenshots of the lock screen at 1280×800 and 1920×1080 in Japanese and English.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { testData } from '../support/paths.js';

const PIN = '482913';
const folders: string[] = [];
const hosts: DevHostRun[] = [];

test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function launch(page: Page, args: string[]): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-e2e-pin-lock-'));
  folders.push(dataDir);
  const host = await runDevHost(dataDir, args);
  hosts.push(host);
  await page.goto(host.launchUrl);
  await expect(page.getByTestId('user-panel')).toHaveAttribute('data-state', 'no-platform');
}

async function setPin(page: Page): Promise<void> {
  await expect(page.getByTestId('pin-setup-open')).toHaveAttribute('data-pin-set', 'false');
  await page.getByTestId('pin-setup-open').click();
  await page.getByTestId('pin-setup-new').fill(PIN);
  await page.getByTestId('pin-setup-again').fill(PIN);
  await page.getByTestId('pin-setup-save').click();
  await expect(page.getByTestId('pin-saved')).toBeVisible();
  await expect(page.getByTestId('pin-setup-open')).toHaveAttribute('data-pin-set', 'true');
}

type Box = { x: number; y: number; width: number; height: number };

/** Pixels brighter than the dark UI inside `area`, leaving out `skip` (the lock card). */
function brightPixels(png: PNG, area: Box, skip?: Box): number {
  let bright = 0;
  for (let y = Math.ceil(area.y) + 2; y < area.y + area.height - 2; y++) {
    for (let x = Math.ceil(area.x) + 2; x < area.x + area.width - 2; x++) {
      if (
        skip !== undefined &&
        x >= skip.x &&
        x < skip.x + skip.width &&
        y >= skip.y &&
        y < skip.y + skip.height
      )
        continue;
      const i = (y * png.width + x) * 4;
      if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! > 3 * 60) bright++;
    }
  }
  return bright;
}

/** Keeps using the window (as a doctor would) until the viewport has drawn its image. */
async function waitForImageWhileActive(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.mouse.move(200 + Math.random() * 100, 300);
        return page.getByTestId('viewport').getAttribute('data-status');
      },
      { timeout: 45_000, intervals: [1000] },
    )
    .toBe('ready');
}

test('with nobody signed in the idle lock hides the image; the local PIN brings it back', async ({
  page,
}, testInfo) => {
  await launch(page, [
    '--idle-lock-seconds',
    '6',
    '--import',
    testData('mr-head-t1-siemens-xa30-classic'),
  ]);
  await setPin(page);
  await page.getByTestId('study-row').first().click();
  await page.getByTestId('series-item').first().click();
  await waitForImageWhileActive(page);
  const viewport = (await page.getByTestId('viewport').boundingBox())!;
  const before = PNG.sync.read(await page.screenshot());
  const imageBright = brightPixels(before, viewport);
  // The head MR fills a good part of the viewport with grey and white.
  expect(imageBright).toBeGreaterThan(2000);

  // No input from here: the idle clock locks after six seconds.
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 20_000 });
  const lockedShot = await page.screenshot({ path: testInfo.outputPath('locked-no-sign-in.png') });
  const card = (await page.locator('.lock-card').boundingBox())!;
  expect(brightPixels(PNG.sync.read(lockedShot), viewport, card)).toBe(0);
  expect(await page.locator('canvas').count()).toBe(0);
  expect(await page.getByTestId('study-row').count()).toBe(0);
  const asked = (await page.evaluate(async () => window.mitate.invoke('library.studies', {}))) as {
    ok: boolean;
    error?: { code: string };
  };
  expect(asked).toMatchObject({ ok: false, error: { code: 'session_locked' } });

  // A wrong PIN is refused and says what to do.
  await page.getByTestId('lock-pin-input').fill('000000');
  await page.getByTestId('lock-pin-submit').click();
  await expect(page.getByTestId('auth-error')).toHaveAttribute('data-code', 'unlock_pin_wrong');
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  await page.getByTestId('lock-pin-input').fill(PIN);
  await page.getByTestId('lock-pin-submit').click();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await waitForImageWhileActive(page);
  const after = PNG.sync.read(await page.screenshot({ path: testInfo.outputPath('unlocked.png') }));
  const afterBox = (await page.getByTestId('viewport').boundingBox())!;
  expect(brightPixels(after, afterBox)).toBeGreaterThan(imageBright * 0.8);
});

test('screenshots: the lock screen with its PIN, in Japanese and English at two sizes', async ({
  page,
}, testInfo) => {
  await launch(page, []);
  await setPin(page);
  for (const locale of ['ja', 'en'] as const) {
    await page.evaluate(
      async (value) => window.mitate.invoke('settings.update', { locale: value }),
      locale,
    );
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.reload();
      await page.getByTestId('lock-now').click();
      await expect(page.getByTestId('lock-screen')).toBeVisible();
      await page.getByTestId('lock-pin-input').fill('111111');
      await page.getByTestId('lock-pin-submit').click();
      await expect(page.getByTestId('auth-error')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`lock-${locale}-${width}x${height}.png`) });
      await page.getByTestId('lock-pin-input').fill(PIN);
      await page.getByTestId('lock-pin-submit').click();
      await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    }
  }
  // The header's PIN form, open.
  await page.getByTestId('pin-setup-open').click();
  await page.screenshot({ path: testInfo.outputPath('pin-setup-en-1920x1080.png') });
});
