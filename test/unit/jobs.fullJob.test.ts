// A whole send job against the real platform started here, signed in with password + TOTP:
// a small phantom MRA (with planted identifiers) is pseudonymized, uploaded through a recording
// proxy, analysed by a UPS performer, and its result comes back mapped to the original UIDs.
// Privacy proof: none of the identifiers or original UIDs is in any byte the platform received.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuditLog } from '../../main/audit/fileAuditLog.js';
import { parseDicomFile, textOf, type DataElement } from '../../main/deid/dataSet.js';
import { DicomwebClient } from '../../main/dicomweb/dicomwebClient.js';
import { JobStore } from '../../main/jobs/jobStore.js';
import { IDENTIFIERS, makePhantom, makeRunner, removePlatformCli, type Phantom } from './jobs/jobHarness.js';
import { startSignedInPlatform, type SignedInPlatform } from './jobs/platformSession.js';
import { startRecordingProxy, type RecordingProxy } from './jobs/recordingProxy.js';
import { TEST_SERVICE, TestPerformer } from './jobs/testPerformer.js';

let signedIn: SignedInPlatform;
let proxy: RecordingProxy;
let performer: TestPerformer;
let phantom: Phantom;
let dataDir: string;

beforeAll(async () => {
  [signedIn, phantom] = await Promise.all([startSignedInPlatform(), makePhantom(11)]);
  proxy = await startRecordingProxy(signedIn.platform.url);
  performer = new TestPerformer(signedIn.dicomweb, () => signedIn.token);
  performer.start();
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-jobs-full-'));
}, 60_000);
afterAll(async () => {
  await removePlatformCli();
  await performer?.stop();
  await proxy?.close();
  await signedIn?.platform.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(phantom.folder, { recursive: true, force: true });
});

function uidsAt(elements: readonly DataElement[], tag: number, out: string[] = []): string[] {
  for (const element of elements) {
    if (element.items) for (const item of element.items) uidsAt(item.elements, tag, out);
    else if (element.tag === tag) out.push(...textOf(element).replace(/\0/g, '').trim().split('\\'));
  }
  return out;
}

describe('a send job against the real platform', () => {
  it('pseudonymizes, uploads, follows the work item, receives the result mapped to the original study, and sends no identifier', async () => {
    const audit = new FileAuditLog({ file: join(dataDir, 'audit', 'audit.jsonl'), application: 'Mitate test' });
    const notified: string[] = [];
    const { runner, changes } = makeRunner({ dataDir, files: phantom.files, token: () => signedIn.token, audit, patientsOf: () => [{ id: IDENTIFIERS.patientId, name: IDENTIFIERS.patientName }], onResults: (finished) => notified.push(finished.id) });

    // The preview: the engine's report of what would be sent, computed in a folder that is then deleted.
    const preview = await runner.preview({ studyInstanceUid: phantom.studyInstanceUid, seriesInstanceUids: [] }, []);
    expect(preview.studies.length).toBe(1);
    expect(preview.studies[0]!.instances).toBe(100);
    expect(preview.studies[0]!.entries.find((entry) => entry.keyword === 'PatientName')?.action).toMatch(/pseudonym|emptied|dummy|removed/);
    expect(preview.studies[0]!.entries.find((entry) => entry.keyword === 'StudyInstanceUID')?.action).toBe('uidReplaced');
    for (const value of Object.values(IDENTIFIERS)) expect(JSON.stringify(preview)).not.toContain(value);
    expect(await readdir(join(dataDir, 'staging'))).toEqual([]);

    const job = await runner.send({ source: { studyInstanceUid: phantom.studyInstanceUid, seriesInstanceUids: [] }, service: TEST_SERVICE, destination: `${proxy.url}/dicomweb` });
    const done = await runner.settled(job.id);
    expect(done?.failure).toBeUndefined();
    expect(done?.state).toBe('completed');
    expect(notified).toEqual([job.id]);

    // States in order, and upload progress in instances and bytes reaching the totals.
    const states = changes.map((change) => change.state).filter((state, index, all) => state !== all[index - 1]);
    expect(states[0]).toBe('preparing');
    expect(states).toContain('uploading');
    expect(states).toContain('queued');
    expect(states.at(-1)).toBe('completed');
    expect(done!.progress.instancesTotal).toBe(100);
    expect(done!.progress.instancesDone).toBe(100);
    expect(done!.progress.bytesDone).toBe(done!.progress.bytesTotal);
    expect(changes.filter((change) => change.state === 'uploading').map((change) => change.progress.instancesDone)).toContain(100);

    // The result, in the AI results index beside the original study, with the algorithm's identity.
    const entries = await runner.results.forStudy(phantom.studyInstanceUid);
    expect(entries.length).toBe(1);
    expect(entries[0]).toMatchObject({ serviceId: 'echo-detector', serviceVersion: '1.2.3', modality: 'SR', algorithm: { manufacturer: 'Mitate Test AI', name: 'echo-detector', version: '1.2.3' } });
    const mapped = parseDicomFile(new Uint8Array(await readFile(join(runner.results.folder, entries[0]!.file))));
    expect(uidsAt(mapped.body, 0x0020000d)).toEqual([phantom.studyInstanceUid, phantom.studyInstanceUid]);
    const referenced = uidsAt(mapped.body, 0x00081155);
    expect(referenced.length).toBe(100);
    expect(referenced.every((uid) => phantom.uids.includes(uid))).toBe(true);
    expect(uidsAt(mapped.body, 0x00100020)).toEqual([IDENTIFIERS.patientId]);

    // The job is on disk as completed, its staging folder is gone, the server holds each instance once.
    expect((await new JobStore(dataDir).loadAll()).find((saved) => saved.id === job.id)?.state).toBe('completed');
    expect(existsSync(runner.stagingDir(job.id))).toBe(false);
    const server = new DicomwebClient({ baseUrl: signedIn.dicomweb, accessToken: () => signedIn.token });
    const held = await server.search({ studyInstanceUid: done!.pseudonymStudyUid!, of: 'instances' });
    expect(held.length).toBe(101); // 100 inputs + the SR
    expect(proxy.stats.forwardedParts).toBe(100);

    // The audit trail: 110106 Export (pseudonymized, to the platform) and 110104 Instances Transferred.
    const entries110 = (await readFile(audit.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { event: { code: string }; destination?: string; source?: string; pseudonymized?: boolean; patients?: { id: string }[] });
    const exported = entries110.find((entry) => entry.event.code === '110106');
    expect(exported).toMatchObject({ pseudonymized: true, destination: `${proxy.url}/dicomweb`, patients: [{ id: IDENTIFIERS.patientId }] });
    expect(entries110.find((entry) => entry.event.code === '110104')).toMatchObject({ source: `${proxy.url}/dicomweb` });

    // Privacy: every byte the platform received through the proxy.
    const received = proxy.received().toString('latin1');
    expect(received.length).toBeGreaterThan(done!.progress.bytesTotal);
    expect(received).toContain(done!.pseudonymStudyUid!); // the recorder sees the upload
    for (const [name, value] of Object.entries(IDENTIFIERS)) expect(received.includes(value), name).toBe(false);
    expect(received.includes('YAMADA')).toBe(false);
    const leaked = phantom.uids.filter((uid) => received.includes(uid));
    expect(leaked).toEqual([]);
  }, 120_000);
});
