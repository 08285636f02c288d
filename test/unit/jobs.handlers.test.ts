// The jobs channels as the app wires them (createHandlers, as both shells do), against the real
// platform started here: sign in through its pages with password + TOTP, import a phantom MRA
// into the library, preview and send it to the catalog's aneurysm service by its catalog entry.
// The platform started by tests has no `analyze` command, so its reference performer claims the
// work item and cancels it: the job must end "failed" with the readable reason
// service_cancelled — which proves the whole chain up to the platform's own AI performer.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, JobView } from '../../preload/contract.js';
import { dispatch } from '../../main/dispatch.js';
import { createHandlers } from '../../main/handlers.js';
import { osKeychain } from '../../main/keychain/keychain.js';
import { SettingsStore } from '../../main/settings/settingsStore.js';
import { signInThroughPages } from '../support/loginPages.js';
import { startTestPlatform, type TestPlatform } from '../support/testPlatform.js';
import { totpCode } from '../support/totpCode.js';
import { IDENTIFIERS, makePhantom, removePlatformCli, waitFor, type Phantom } from './jobs/jobHarness.js';

let platform: TestPlatform;
let phantom: Phantom;
let dataDir: string;

beforeAll(async () => {
  [platform, phantom] = await Promise.all([startTestPlatform({ accessTokenTtlSeconds: 3600 }), makePhantom(13)]);
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-jobs-handlers-'));
}, 60_000);
afterAll(async () => {
  await removePlatformCli();
  await platform?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(phantom.folder, { recursive: true, force: true });
});

describe('jobs channels through createHandlers', () => {
  it('refuses to send before sign-in, then previews and sends to the aneurysm service and reports its cancellation readably', async () => {
    const events: { name: EventName; payload: unknown }[] = [];
    const main = createHandlers({
      info: { name: 'Mitate', version: '0.0.0', host: 'devhost', platform: 'linux', nativeDialogs: false, platformUrl: platform.url },
      dataDir,
      settings: new SettingsStore(dataDir),
      keychain: osKeychain(`MitateJobsHandlersTest-${randomBytes(4).toString('hex')}`),
      emit: (name, payload) => events.push({ name, payload }),
    });
    const call = (channel: string, request: unknown): Promise<unknown> => dispatch(main.handlers, channel, request);

    const imported = (await call('library.importPaths', { paths: [phantom.folder] })) as { ok: boolean };
    expect(imported.ok).toBe(true);
    const studies = (await call('library.studies', {})) as { ok: true; value: { id: string }[] };
    const studyId = studies.value[0]!.id;
    expect(await call('jobs.list', {})).toEqual({ ok: true, value: [] });

    // Not signed in: nothing is sent, and the answer is a typed error.
    expect(await call('jobs.send', { studyId, serviceId: 'aneurysm-mra' })).toMatchObject({ ok: false });
    expect(await call('jobs.retry', { jobId: 'no-such-job' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const user = await platform.addUser('sender');
    const session = await main.auth;
    const { url } = await session.beginLogin();
    await signInThroughPages(url, platform.url, user.username, user.password, totpCode(user.secret));
    await waitFor(() => (session.accessToken() !== undefined ? true : undefined));
    await waitFor(() => (events.some((event) => event.name === 'catalog.changed' && (event.payload as { services: unknown[] }).services.length > 0) ? true : undefined));

    expect(await call('jobs.send', { studyId, serviceId: 'no-such-service' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const preview = (await call('jobs.preview', { studyId, serviceId: 'aneurysm-mra' })) as { ok: true; value: { profile: { options: string[] }; studies: { instances: number; defaced: unknown[] }[] } };
    expect(preview.ok).toBe(true);
    expect(preview.value.profile.options).toContain('cleanRecognizableVisualFeatures');
    expect(preview.value.studies[0]!.instances).toBe(100);
    for (const value of Object.values(IDENTIFIERS)) expect(JSON.stringify(preview.value)).not.toContain(value);

    const sent = (await call('jobs.send', { studyId, serviceId: 'aneurysm-mra' })) as { ok: true; value: JobView };
    expect(sent.ok).toBe(true);
    expect(sent.value).toMatchObject({ state: 'preparing', serviceId: 'aneurysm-mra', studyId });
    const final = await waitFor(() => {
      const last = events.filter((event) => event.name === 'jobs.changed').map((event) => event.payload as JobView).at(-1);
      return last !== undefined && ['completed', 'failed', 'cancelled'].includes(last.state) ? last : undefined;
    }, 90_000);
    expect(final).toMatchObject({ state: 'failed', failure: 'service_cancelled' });
    const states = new Set(events.filter((event) => event.name === 'jobs.changed').map((event) => (event.payload as JobView).state));
    expect([...states]).toEqual(expect.arrayContaining(['preparing', 'uploading', 'queued', 'failed']));
    // Every event payload passed the contract's schema on the way (dispatch/emit), and carries no identifier.
    for (const value of Object.values(IDENTIFIERS)) expect(JSON.stringify(events.filter((event) => event.name.startsWith('jobs.')))).not.toContain(value);
    const listed = (await call('jobs.list', {})) as { ok: true; value: JobView[] };
    expect(listed.value.map((job) => job.state)).toEqual(['failed']);
    expect(await call('jobs.results', { studyId })).toEqual({ ok: true, value: [] });
  }, 150_000);
});
