// The jobs channels as the app wires them (createHandlers, as both shells do), against the real
// platform as its own process (`mitate-platform serve`, whose reference performer runs the real
// aneurysm service through `mitate-platform analyze`): sign in through its pages with password +
// TOTP, import a phantom MRA into the library, preview and send it to the catalog's aneurysm
// service by its catalog entry, and receive its SEG and TID 1500 SR mapped back to the original.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, JobView } from '../../../../preload/contract/index.js';
import { dispatch } from '../../../../main/dispatch.js';
import { createHandlers } from '../../../../main/handlers.js';
import { osKeychain } from '../../../../main/keychain/keychain.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { signInThroughPages } from '../../../support/loginPages.js';
import { totpCode } from '../../../support/totpCode.js';
import { parseDicomFile, textOf, type DataElement } from '../../../../main/dicom/index.js';
import {
  IDENTIFIERS,
  makePhantom,
  removePlatformCli,
  waitFor,
  type Phantom,
} from './jobHarness.js';
import { freePort } from './orthanc.js';
import { startPlatformProcess, type PlatformProcess } from './platformProcess.js';

let platform: PlatformProcess;
let platformData: string;
let phantom: Phantom;
let dataDir: string;

beforeAll(async () => {
  platformData = await mkdtemp(join(tmpdir(), 'mitate-jobs-handlers-platform-'));
  [platform, phantom] = await Promise.all([
    freePort().then((port) => startPlatformProcess(platformData, port)),
    makePhantom(13),
  ]);
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-jobs-handlers-'));
}, 60_000);
afterAll(async () => {
  await removePlatformCli();
  await platform?.kill();
  await rm(platformData, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
  await rm(phantom.folder, { recursive: true, force: true });
});

function uidsAt(elements: readonly DataElement[], tag: number, out: string[] = []): string[] {
  for (const element of elements) {
    if (element.items) for (const item of element.items) uidsAt(item.elements, tag, out);
    else if (element.tag === tag)
      out.push(...textOf(element).replace(/\0/g, '').trim().split('\\'));
  }
  return out;
}

describe('jobs channels through createHandlers', () => {
  it('refuses to send before sign-in, then previews, sends to the aneurysm service and stores its SEG and SR beside the original study', async () => {
    const events: { name: EventName; payload: unknown }[] = [];
    const main = createHandlers({
      info: {
        name: 'Mitate',
        version: '0.0.0',
        host: 'devhost',
        platform: 'linux',
        nativeDialogs: false,
        platformUrl: platform.url,
      },
      dataDir,
      settings: new SettingsStore(dataDir),
      keychain: osKeychain(`MitateJobsHandlersTest-${randomBytes(4).toString('hex')}`),
      emit: (name, payload) => events.push({ name, payload }),
    });
    const call = (channel: string, request: unknown): Promise<unknown> =>
      dispatch(main.handlers, channel, request);

    const imported = (await call('library.importPaths', { paths: [phantom.folder] })) as {
      ok: boolean;
    };
    expect(imported.ok).toBe(true);
    const studies = (await call('library.studies', {})) as { ok: true; value: { id: string }[] };
    const studyId = studies.value[0]!.id;
    expect(await call('jobs.list', {})).toEqual({ ok: true, value: [] });

    // Not signed in: nothing is sent, and the answer is a typed error.
    expect(await call('jobs.send', { studyId, serviceId: 'aneurysm-mra' })).toMatchObject({
      ok: false,
    });
    expect(await call('jobs.retry', { jobId: 'no-such-job' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    const user = platform.doctor!;
    const session = await main.auth;
    const { url } = await session.beginLogin();
    await signInThroughPages(
      url,
      platform.url,
      user.username,
      user.password,
      totpCode(user.secret),
    );
    await waitFor(() => (session.accessToken() !== undefined ? true : undefined));
    await waitFor(() =>
      events.some(
        (event) =>
          event.name === 'catalog.changed' &&
          (event.payload as { services: unknown[] }).services.length > 0,
      )
        ? true
        : undefined,
    );

    expect(await call('jobs.send', { studyId, serviceId: 'no-such-service' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const preview = (await call('jobs.preview', { studyId, serviceId: 'aneurysm-mra' })) as {
      ok: true;
      value: {
        profile: { options: string[] };
        studies: { instances: number; defaced: unknown[] }[];
      };
    };
    expect(preview.ok).toBe(true);
    expect(preview.value.profile.options).toContain('cleanRecognizableVisualFeatures');
    expect(preview.value.studies[0]!.instances).toBe(100);
    for (const value of Object.values(IDENTIFIERS))
      expect(JSON.stringify(preview.value)).not.toContain(value);

    const sent = (await call('jobs.send', { studyId, serviceId: 'aneurysm-mra' })) as {
      ok: true;
      value: JobView;
    };
    expect(sent.ok).toBe(true);
    expect(sent.value).toMatchObject({ state: 'preparing', serviceId: 'aneurysm-mra', studyId });
    const final = await waitFor(() => {
      const last = events
        .filter((event) => event.name === 'jobs.changed')
        .map((event) => event.payload as JobView)
        .at(-1);
      return last !== undefined && ['completed', 'failed', 'cancelled'].includes(last.state)
        ? last
        : undefined;
    }, 90_000);
    expect(final).toMatchObject({ state: 'completed', results: 2 });
    const states = new Set(
      events
        .filter((event) => event.name === 'jobs.changed')
        .map((event) => (event.payload as JobView).state),
    );
    expect([...states]).toEqual(
      expect.arrayContaining(['preparing', 'uploading', 'queued', 'running', 'completed']),
    );
    // The notice for the doctor follows the completed state.
    await waitFor(() =>
      events.some((event) => event.name === 'jobs.resultsReady') ? true : undefined,
    );
    expect(
      events.filter((event) => event.name === 'jobs.resultsReady').map((event) => event.payload),
    ).toEqual([{ jobId: sent.value.id, studyId, results: 2 }]);
    // Every event payload passed the contract's schema on the way (dispatch/emit), and carries no identifier.
    for (const value of Object.values(IDENTIFIERS))
      expect(
        JSON.stringify(events.filter((event) => event.name.startsWith('jobs.'))),
      ).not.toContain(value);
    const listed = (await call('jobs.list', {})) as { ok: true; value: JobView[] };
    expect(listed.value.map((job) => job.state)).toEqual(['completed']);

    // The results: a SEG and a TID 1500 SR, marked with the service and the algorithm (Contributing Equipment).
    const results = (await call('jobs.results', { studyId })) as {
      ok: true;
      value: {
        modality: string;
        serviceId: string;
        algorithm: { name: string; version: string };
        sopInstanceUid: string;
      }[];
    };
    expect(results.value.map((result) => result.modality).sort()).toEqual(['SEG', 'SR']);
    for (const result of results.value) {
      expect(result.serviceId).toBe('aneurysm-mra');
      expect(result.algorithm.name).not.toBe('');
      expect(result.algorithm.version).not.toBe('');
    }
    // Their references lead back to the original phantom: its study, series and instances.
    const folder = join(dataDir, 'ai-results');
    const index = JSON.parse(await readFile(join(folder, 'index.json'), 'utf8')) as {
      results: { file: string }[];
    };
    for (const entry of index.results) {
      const body = parseDicomFile(new Uint8Array(await readFile(join(folder, entry.file)))).body;
      expect(uidsAt(body, 0x0020000d).every((uid) => uid === phantom.studyInstanceUid)).toBe(true);
      const referenced = uidsAt(body, 0x00081155);
      expect(referenced.length).toBeGreaterThan(0);
      const ownResults = new Set(results.value.map((result) => result.sopInstanceUid));
      expect(referenced.every((uid) => phantom.uids.includes(uid) || ownResults.has(uid))).toBe(
        true,
      );
      expect(referenced.some((uid) => phantom.uids.includes(uid))).toBe(true);
    }
  }, 150_000);
});
