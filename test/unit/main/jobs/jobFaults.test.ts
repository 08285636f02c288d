// Faults on the way, against the real platform: a 503 storm (a real proxy answering 503 for a
// while) -> back-off and every instance stored once; an app restart mid-upload -> the new app
// resumes from the staging folder and sends nothing twice; the platform process killed
// (SIGKILL) mid-upload and started again on the same address -> the upload resumes and the job
// completes; a result that references a UID we never sent -> refused, nothing stored; cancel
// and retry.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringValue, tag } from '../../../../main/dicomweb/dicomJson.js';
import { DicomwebClient } from '../../../../main/dicomweb/dicomwebClient.js';
import { JobStore } from '../../../../main/jobs/jobStore.js';
import { makePhantom, makeRunner, removePlatformCli, waitFor, type Phantom } from './jobHarness.js';
import { freePort } from './orthanc.js';
import { loginWithTotp, startSignedInPlatform, type SignedInPlatform } from './platformSession.js';
import { startPlatformProcess } from './platformProcess.js';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy.js';
import { TEST_SERVICE, TestPerformer } from './testPerformer.js';

let signedIn: SignedInPlatform;
let proxy: RecordingProxy;
let performer: TestPerformer;
let phantom: Phantom;
const folders: string[] = [];
const source = (): { studyInstanceUid: string; seriesInstanceUids: string[] } => ({
  studyInstanceUid: phantom.studyInstanceUid,
  seriesInstanceUids: [],
});
const tempDir = async (): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-jobs-fault-'));
  folders.push(folder);
  return folder;
};

beforeAll(async () => {
  [signedIn, phantom] = await Promise.all([startSignedInPlatform(), makePhantom(12)]);
  proxy = await startRecordingProxy(signedIn.platform.url);
  performer = new TestPerformer(signedIn.dicomweb, () => signedIn.token);
  performer.start();
}, 60_000);
afterAll(async () => {
  await removePlatformCli();
  await performer?.stop();
  await proxy?.close();
  await signedIn?.platform.close();
  for (const folder of [...folders, phantom.folder])
    await rm(folder, { recursive: true, force: true });
});

describe('faults while sending', () => {
  it('a 503 storm: backs off, then stores every instance exactly once and completes', async () => {
    const dataDir = await tempDir();
    const { runner, changes } = makeRunner({
      dataDir,
      files: phantom.files,
      token: () => signedIn.token,
      concurrency: 3,
      batchBytes: 64 * 1024,
    });
    const before = { ...proxy.stats };
    proxy.storm = true;
    const job = await runner.send({
      source: source(),
      service: TEST_SERVICE,
      destination: `${proxy.url}/dicomweb`,
    });
    await waitFor(() => (proxy.stats.refused - before.refused >= 12 ? true : undefined));
    expect(runner.job(job.id)?.state).toBe('uploading');
    proxy.storm = false;
    const done = await runner.settled(job.id);
    expect(done?.state).toBe('completed');
    expect(proxy.stats.refused - before.refused).toBeGreaterThanOrEqual(12);
    // Every instance went to the platform once: refused requests were never forwarded.
    expect(proxy.stats.forwardedParts - before.forwardedParts).toBe(100);
    const server = new DicomwebClient({
      baseUrl: signedIn.dicomweb,
      accessToken: () => signedIn.token,
    });
    const held = await server.instanceUidsOfStudy(done!.pseudonymStudyUid!);
    expect(held.size).toBe(101);
    expect(
      changes.some((change) => change.state === 'uploading' && change.progress.instancesDone === 0),
    ).toBe(true);
  }, 120_000);

  it('an app restart mid-upload: the next app resumes from the staging folder and sends nothing twice', async () => {
    const dataDir = await tempDir();
    const before = { ...proxy.stats };
    const first = makeRunner({
      dataDir,
      files: phantom.files,
      token: () => signedIn.token,
      concurrency: 1,
      batchBytes: 16 * 1024,
    });
    const job = await first.runner.send({
      source: source(),
      service: TEST_SERVICE,
      destination: `${proxy.url}/dicomweb`,
    });
    await waitFor(() =>
      (first.runner.job(job.id)?.progress.instancesDone ?? 0) >= 30 ? true : undefined,
    );
    await first.runner.close(); // the app quits (or crashes) here
    const saved = (await new JobStore(dataDir).loadAll()).find(
      (candidate) => candidate.id === job.id,
    )!;
    expect(saved.state).toBe('uploading');
    expect(saved.stored.length).toBeGreaterThanOrEqual(30);
    expect(saved.stored.length).toBeLessThan(100);
    expect(existsSync(first.runner.stagingDir(job.id))).toBe(true);

    // A new app on the same data folder and keychain; the original files are not even needed now.
    const second = makeRunner({
      dataDir,
      files: [],
      token: () => signedIn.token,
      keychain: first.keychain,
    });
    await second.runner.resume();
    const done = await second.runner.settled(job.id);
    expect(done?.state).toBe('completed');
    expect(done?.results.length).toBe(1);
    expect(proxy.stats.forwardedParts - before.forwardedParts).toBe(100);
    expect(second.changes.every((change) => change.state !== 'preparing')).toBe(true);
    expect(existsSync(second.runner.stagingDir(job.id))).toBe(false);
  }, 120_000);

  it('cancel while the server refuses: the job stops as cancelled with its staging deleted; retry then completes it', async () => {
    const dataDir = await tempDir();
    const { runner } = makeRunner({ dataDir, files: phantom.files, token: () => signedIn.token });
    proxy.storm = true;
    try {
      const job = await runner.send({
        source: source(),
        service: TEST_SERVICE,
        destination: `${proxy.url}/dicomweb`,
      });
      await waitFor(() => (runner.job(job.id)?.state === 'uploading' ? true : undefined));
      const cancelled = await runner.cancel(job.id);
      expect(cancelled.state).toBe('cancelled');
      expect(existsSync(runner.stagingDir(job.id))).toBe(false);
      expect((await new JobStore(dataDir).loadAll())[0]?.state).toBe('cancelled');
      proxy.storm = false;
      await runner.retry(job.id);
      const done = await runner.settled(job.id);
      expect(done?.state).toBe('completed');
      expect(done?.failure).toBeUndefined();
    } finally {
      proxy.storm = false;
    }
  }, 120_000);

  it('cancel once the work item is queued: the platform is asked to cancel it (PS3.18 §11.8) and it ends CANCELED', async () => {
    const dataDir = await tempDir();
    performer.options.paused = true;
    try {
      const { runner } = makeRunner({ dataDir, files: phantom.files, token: () => signedIn.token });
      const job = await runner.send({
        source: source(),
        service: TEST_SERVICE,
        destination: signedIn.dicomweb,
      });
      const queued = await waitFor(() => {
        const current = runner.job(job.id);
        return current?.state === 'queued' && current.workItemCreated ? current : undefined;
      });
      expect((await runner.cancel(job.id)).state).toBe('cancelled');
      const server = new DicomwebClient({
        baseUrl: signedIn.dicomweb,
        accessToken: () => signedIn.token,
      });
      expect(stringValue(await server.workItem(queued.workItemUid!), tag.procedureStepState)).toBe(
        'CANCELED',
      );
      expect(existsSync(runner.stagingDir(job.id))).toBe(false);
    } finally {
      performer.options.paused = false;
    }
  }, 120_000);

  it('a result that references a UID we never sent is refused and nothing is stored', async () => {
    const dataDir = await tempDir();
    performer.options.foreignReference = true;
    try {
      const { runner } = makeRunner({ dataDir, files: phantom.files, token: () => signedIn.token });
      const job = await runner.send({
        source: source(),
        service: TEST_SERVICE,
        destination: signedIn.dicomweb,
      });
      const done = await runner.settled(job.id);
      expect(done?.state).toBe('failed');
      expect(done?.failure).toBe('foreign_reference');
      expect(await runner.results.all()).toEqual([]);
      expect(existsSync(runner.stagingDir(job.id))).toBe(false);
    } finally {
      performer.options.foreignReference = false;
    }
  }, 120_000);

  it('the platform process killed (SIGKILL) mid-upload and started again: the upload resumes and the job completes', async () => {
    const platformData = await tempDir();
    const port = await freePort();
    let platform = await startPlatformProcess(platformData, port);
    expect(platform.doctor, 'the first start prints the demo doctor').toBeDefined();
    const token = await loginWithTotp(platform.url, platform.doctor!);
    const dicomweb = `${platform.url}/dicomweb`;
    const own = new TestPerformer(dicomweb, () => token);
    own.start();
    try {
      const dataDir = await tempDir();
      const { runner, changes } = makeRunner({
        dataDir,
        files: phantom.files,
        token: () => token,
        concurrency: 1,
        batchBytes: 16 * 1024,
      });
      const job = await runner.send({
        source: source(),
        service: TEST_SERVICE,
        destination: dicomweb,
      });
      await waitFor(() =>
        (runner.job(job.id)?.progress.instancesDone ?? 0) >= 25 ? true : undefined,
      );
      await platform.kill();
      const whileDown = runner.job(job.id)!;
      expect(whileDown.state).toBe('uploading');
      await new Promise((resolve) => setTimeout(resolve, 800));
      platform = await startPlatformProcess(platformData, port);
      const done = await runner.settled(job.id);
      expect(done?.state).toBe('completed');
      expect(done?.results.length).toBe(1);
      // The new process had lost its scratch store; the client saw that and sent what was missing.
      const held = await new DicomwebClient({
        baseUrl: dicomweb,
        accessToken: () => token,
      }).instanceUidsOfStudy(done!.pseudonymStudyUid!);
      expect(held.size).toBe(101);
      expect(
        changes.some(
          (change) =>
            change.state === 'uploading' &&
            change.progress.instancesDone < whileDown.progress.instancesDone,
        ),
      ).toBe(true);
    } finally {
      await own.stop();
      await platform.kill();
    }
  }, 120_000);
});
