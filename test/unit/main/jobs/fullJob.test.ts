// A whole send job against the real platform, run here as its own process (`mitate-platform
// serve`, whose reference performer runs the real aneurysm service): signed in with password +
// TOTP, a small phantom MRA with planted identifiers is pseudonymized with the options the
// signed catalog names for the service, uploaded through a recording proxy, analysed, and its
// SEG and TID 1500 SR come back mapped to the original UIDs.
// Privacy proof: none of the identifiers or original UIDs is in any byte the platform received.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';
import { parseDicomFile, textOf, type DataElement } from '../../../../main/dicom/index.js';
import type { JWK } from 'jose';
import { keyThumbprint, verifyCatalog } from '../../../../main/catalog/verifyCatalog.js';
import { DEIDENTIFICATION_OPTIONS_BY_CODE } from '../../../../main/jobs/deidOptionCodes.js';
import type { SendJob } from '../../../../main/jobs/sendJob.js';
import { JobStore } from '../../../../main/jobs/jobStore.js';
import {
  IDENTIFIERS,
  makePhantom,
  makeRunner,
  removePlatformCli,
  type Phantom,
} from './jobHarness.js';
import { freePort } from './orthanc.js';
import { startPlatformProcess, type PlatformProcess } from './platformProcess.js';
import { loginWithTotp } from './platformSession.js';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy.js';

let platform: PlatformProcess;
let platformData: string;
let token: string;
let service: SendJob['service'];
let proxy: RecordingProxy;
let phantom: Phantom;
let dataDir: string;

/** The aneurysm service as the platform's signed catalog describes it (signature checked). */
async function aneurysmService(platformUrl: string): Promise<SendJob['service']> {
  const jws = await (await fetch(`${platformUrl}/api/catalog`)).text();
  const { keys } = (await (await fetch(`${platformUrl}/.well-known/jwks.json`)).json()) as {
    keys: JWK[];
  };
  const verdict = await verifyCatalog(
    jws,
    keys,
    new Set(await Promise.all(keys.map(keyThumbprint))),
    platformUrl,
  );
  if (!verdict.ok) throw new Error('catalog refused');
  const entry = verdict.payload.services.find((candidate) => candidate.id === 'aneurysm-mra')!;
  return {
    id: entry.id,
    version: entry.version,
    workitemCode: entry.workitemCode,
    deidOptions: entry.deidentification.options.map(
      (option) => DEIDENTIFICATION_OPTIONS_BY_CODE.get(option.value)!,
    ),
  };
}

beforeAll(async () => {
  platformData = await mkdtemp(join(tmpdir(), 'mitate-jobs-full-platform-'));
  [platform, phantom] = await Promise.all([
    freePort().then((port) => startPlatformProcess(platformData, port)),
    makePhantom(11),
  ]);
  token = await loginWithTotp(platform.url, platform.doctor!);
  service = await aneurysmService(platform.url);
  proxy = await startRecordingProxy(platform.url);
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-jobs-full-'));
}, 60_000);
afterAll(async () => {
  await removePlatformCli();
  await proxy?.close();
  await platform?.kill();
  await rm(dataDir, { recursive: true, force: true });
  await rm(platformData, { recursive: true, force: true });
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

describe('a send job against the real platform', () => {
  it('pseudonymizes, uploads, follows the work item, receives the result mapped to the original study, and sends no identifier', async () => {
    const audit = new FileAuditLog({
      file: join(dataDir, 'audit', 'audit.jsonl'),
      application: 'Mitate test',
    });
    const notified: string[] = [];
    const { runner, changes } = makeRunner({
      dataDir,
      files: phantom.files,
      token: () => token,
      audit,
      patientsOf: () => [{ id: IDENTIFIERS.patientId, name: IDENTIFIERS.patientName }],
      onResults: (finished) => notified.push(finished.id),
    });

    // The preview: the engine's report of what would be sent, computed in a folder that is then deleted.
    expect(service.deidOptions).toContain('cleanRecognizableVisualFeatures');
    const preview = await runner.preview(
      { studyInstanceUid: phantom.studyInstanceUid, seriesInstanceUids: [] },
      service.deidOptions as never,
    );
    expect(preview.profile.options).toEqual([...service.deidOptions].sort());
    expect(preview.studies.length).toBe(1);
    expect(preview.studies[0]!.instances).toBe(100);
    expect(
      preview.studies[0]!.entries.find((entry) => entry.keyword === 'PatientName')?.action,
    ).toMatch(/pseudonym|emptied|dummy|removed/);
    expect(
      preview.studies[0]!.entries.find((entry) => entry.keyword === 'StudyInstanceUID')?.action,
    ).toBe('uidReplaced');
    for (const value of Object.values(IDENTIFIERS))
      expect(JSON.stringify(preview)).not.toContain(value);
    expect(await readdir(join(dataDir, 'staging'))).toEqual([]);

    const job = await runner.send({
      source: { studyInstanceUid: phantom.studyInstanceUid, seriesInstanceUids: [] },
      service,
      destination: `${proxy.url}/dicomweb`,
    });
    const done = await runner.settled(job.id);
    expect(done?.failure).toBeUndefined();
    expect(done?.state).toBe('completed');
    expect(notified).toEqual([job.id]);

    // States in order, and upload progress in instances and bytes reaching the totals.
    const states = changes
      .map((change) => change.state)
      .filter((state, index, all) => state !== all[index - 1]);
    expect(states[0]).toBe('preparing');
    expect(states).toContain('uploading');
    expect(states).toContain('queued');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('completed');
    expect(done!.progress.instancesTotal).toBe(100);
    expect(done!.progress.instancesDone).toBe(100);
    expect(done!.progress.bytesDone).toBe(done!.progress.bytesTotal);
    expect(
      changes
        .filter((change) => change.state === 'uploading')
        .map((change) => change.progress.instancesDone),
    ).toContain(100);

    // The results (a SEG and a TID 1500 SR) in the AI results index beside the original study,
    // with the service and the algorithm from the Contributing Equipment Sequence.
    const entries = await runner.results.forStudy(phantom.studyInstanceUid);
    expect(entries.map((entry) => entry.modality).sort()).toEqual(['SEG', 'SR']);
    const ownResults = new Set(entries.map((entry) => entry.sopInstanceUid));
    for (const entry of entries) {
      expect(entry).toMatchObject({ serviceId: 'aneurysm-mra', serviceVersion: service.version });
      expect(entry.algorithm.name).not.toBe('');
      expect(entry.algorithm.version).not.toBe('');
      const mapped = parseDicomFile(
        new Uint8Array(await readFile(join(runner.results.folder, entry.file))),
      );
      expect(uidsAt(mapped.body, 0x0020000d).every((uid) => uid === phantom.studyInstanceUid)).toBe(
        true,
      );
      const referenced = uidsAt(mapped.body, 0x00081155);
      expect(referenced.every((uid) => phantom.uids.includes(uid) || ownResults.has(uid))).toBe(
        true,
      );
      expect(referenced.some((uid) => phantom.uids.includes(uid))).toBe(true);
      expect(uidsAt(mapped.body, 0x00100020)).toEqual([IDENTIFIERS.patientId]);
    }

    // The job is on disk as completed, its staging folder is gone, the server holds each instance once.
    expect(
      (await new JobStore(dataDir).loadAll()).find((saved) => saved.id === job.id)?.state,
    ).toBe('completed');
    expect(existsSync(runner.stagingDir(job.id))).toBe(false);
    expect(proxy.stats.forwardedParts).toBe(100); // each instance sent once

    // The audit trail: 110106 Export (pseudonymized, to the platform) and 110104 Instances Transferred.
    const entries110 = (await readFile(audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            event: { code: string };
            destination?: string;
            source?: string;
            pseudonymized?: boolean;
            patients?: { id: string }[];
          },
      );
    const exported = entries110.find((entry) => entry.event.code === '110106');
    expect(exported).toMatchObject({
      pseudonymized: true,
      destination: `${proxy.url}/dicomweb`,
      patients: [{ id: IDENTIFIERS.patientId }],
    });
    expect(entries110.find((entry) => entry.event.code === '110104')).toMatchObject({
      source: `${proxy.url}/dicomweb`,
    });

    // Privacy: every byte the platform received through the proxy.
    const received = proxy.received().toString('latin1');
    expect(received.length).toBeGreaterThan(done!.progress.bytesTotal);
    expect(received).toContain(done!.pseudonymStudyUid!); // the recorder sees the upload
    for (const [name, value] of Object.entries(IDENTIFIERS))
      expect(received.includes(value), name).toBe(false);
    expect(received.includes('YAMADA')).toBe(false);
    const leaked = phantom.uids.filter((uid) => received.includes(uid));
    expect(leaked).toEqual([]);
  }, 120_000);
});
