/**
 * One send job timed through the main-process handlers, as the app's shells bind them: import a
 * phantom MRA, sign in (password + TOTP on the platform's own pages, RFC 8252 loopback redirect),
 * sync the signed catalog, then time `jobs.send` until `review.study` returns the findings.
 * Run by bench/job.bench.ts as its own process (the handlers keep timers, e.g. silent refresh);
 * prints one JSON line and exits. Arguments: platform URL, phantom folder, data folder, and the
 * doctor's username, password and TOTP secret in MITATE_BENCH_USER (JSON), never on the command line.
 */
import type { EventName, EventPayload, JobState } from '../../preload/contract/index.js';
import { createHandlers } from '../../main/handlers.js';
import { memoryKeychain, osKeychain } from '../../main/keychain/keychain.js';
import { SettingsStore } from '../../main/settings/settingsStore.js';
import { signInThroughPages } from '../../test/support/loginPages.js';
import { totpCode } from '../../test/support/totpCode.js';

const SERVICE = 'aneurysm-mra';

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const [platformUrl, phantomFolder, dataDir] = process.argv.slice(2);
  const user = JSON.parse(process.env['MITATE_BENCH_USER'] ?? '{}') as {
    username: string;
    password: string;
    secret: string;
  };
  if (platformUrl === undefined || phantomFolder === undefined || dataDir === undefined)
    throw new Error('usage: endToEnd <platformUrl> <phantom> <dataDir>');

  // A keychain service of its own: the bench never touches the entries of a real installation.
  const real = osKeychain('Mitate bench');
  const keychain = (await real.isAvailable()) ? real : memoryKeychain();
  const states: { state: JobState; atMs: number }[] = [];
  let sentAt = 0;
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    if (name !== 'jobs.changed') return;
    const { state } = payload as EventPayload<'jobs.changed'>;
    if (states.at(-1)?.state !== state)
      states.push({ state, atMs: Math.round(performance.now() - sentAt) });
  };
  const { handlers } = createHandlers({
    info: {
      name: 'Mitate',
      version: 'bench',
      host: 'devhost',
      platform: process.platform,
      nativeDialogs: false,
      platformUrl,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit,
    keychain,
  });

  const report = await handlers['library.importPaths']({ paths: [phantomFolder] });
  const study = report.studies[0];
  if (study === undefined) throw new Error('the phantom was not imported');

  const { url } = await handlers['auth.beginLogin']({});
  const landed = await signInThroughPages(
    url,
    platformUrl,
    user.username,
    user.password,
    totpCode(user.secret),
  );
  if (!landed.ok) throw new Error(`login ended with HTTP ${landed.status}`);
  await until('sign-in', 10_000, async () =>
    (await handlers['auth.status']({})).state === 'signed-in' ? true : undefined,
  );
  const catalog = await handlers['catalog.sync']({});
  if (!catalog.services.some((service) => service.id === SERVICE))
    throw new Error(`${SERVICE} is not in the catalog`);
  const [series] = await handlers['library.series']({ studyId: study.id });
  if (series === undefined) throw new Error('no series');

  // From "send" (Confirm in the preview) to findings the review screen can show.
  sentAt = performance.now();
  const job = await handlers['jobs.send']({
    studyId: study.id,
    seriesIds: [series.id],
    serviceId: SERVICE,
  });
  const findings = await until('findings', 180_000, async () => {
    const failed = states.find((entry) => entry.state === 'failed' || entry.state === 'cancelled');
    if (failed !== undefined) throw new Error(`job ${failed.state}`);
    const review = await handlers['review.study']({ studyId: study.id });
    const count = review.reports.reduce((sum, reportOf) => sum + reportOf.findings.length, 0);
    return count > 0 ? count : undefined;
  });
  const seconds = (performance.now() - sentAt) / 1000;
  process.stdout.write(
    `${JSON.stringify({ seconds, findings, instances: series.imageCount, jobId: job.id, keychain: keychain === real ? 'os' : 'memory', states })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`job bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
