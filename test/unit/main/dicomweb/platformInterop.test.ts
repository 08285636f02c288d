// The same DICOMweb client against our reference platform, signed in with password + TOTP:
// STOW, QIDO, WADO, and UPS-RS create / retrieve / subscribe / event channel / cancel request.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringValue, tag } from '../../../../main/dicomweb/dicomJson.js';
import { DicomwebClient, parseEventReports } from '../../../../main/dicomweb/dicomwebClient.js';
import { testData } from '../../../support/paths.js';
import { startSignedInPlatform, type SignedInPlatform } from '../jobs/platformSession.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
let signedIn: SignedInPlatform;
let files: Buffer[];
const uidOf = (bytes: Uint8Array, key: string): string =>
  dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string(key)!.trim();

beforeAll(async () => {
  signedIn = await startSignedInPlatform();
  const names = (await readdir(MR))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 8);
  files = await Promise.all(names.map((name) => readFile(join(MR, name))));
});
afterAll(async () => signedIn.platform.close());

describe('DICOMweb client against the reference platform', () => {
  it('STOW, QIDO and WADO round trip with a two-factor token; no token is refused', async () => {
    const client = new DicomwebClient({
      baseUrl: signedIn.dicomweb,
      accessToken: () => signedIn.token,
    });
    const study = uidOf(files[0]!, 'x0020000d');
    const outcome = await client.store(files, { studyInstanceUid: study });
    expect(outcome.status).toBe(200);
    expect(outcome.stored.length).toBe(files.length);
    // The same instances again: the platform keeps one of each (no duplicates).
    await client.store(files.slice(0, 2), { studyInstanceUid: study });
    const instances = await client.search({ studyInstanceUid: study, of: 'instances' });
    expect(instances.length).toBe(files.length);
    expect(await client.instanceUidsOfStudy(study)).toEqual(
      new Set(files.map((bytes) => uidOf(bytes, 'x00080018'))),
    );
    const back = await client.retrieve({
      studyInstanceUid: study,
      seriesInstanceUid: uidOf(files[0]!, 'x0020000e'),
    });
    expect(back.length).toBe(files.length);
    const byUid = new Map(files.map((bytes) => [uidOf(bytes, 'x00080018'), bytes]));
    for (const part of back)
      expect(Buffer.from(part).equals(byUid.get(uidOf(part, 'x00080018'))!)).toBe(true);

    const anonymous = new DicomwebClient({ baseUrl: signedIn.dicomweb });
    await expect(anonymous.search({ of: 'studies' })).rejects.toMatchObject({
      kind: 'http',
      status: 401,
      retryable: false,
    });
  });

  it('UPS-RS: creates a work item with a chosen UID once, hears its cancellation on the event channel', async () => {
    const client = new DicomwebClient({
      baseUrl: signedIn.dicomweb,
      accessToken: () => signedIn.token,
    });
    const uid = `2.25.${BigInt(`0x${'ab'.repeat(8)}`)}${Date.now()}`;
    const item = {
      '00741000': { vr: 'CS', Value: ['SCHEDULED'] },
      '00404018': {
        vr: 'SQ',
        Value: [
          {
            '00080100': { vr: 'SH', Value: ['manual-read'] },
            '00080102': { vr: 'SH', Value: ['99TEST'] },
            '00080104': { vr: 'LO', Value: ['manual'] },
          },
        ],
      },
    };
    expect(await client.createWorkItem(uid, item)).toBe('created');
    expect(await client.createWorkItem(uid, item)).toBe('exists');
    expect(stringValue(await client.workItem(uid), tag.procedureStepState)).toBe('SCHEDULED');

    await client.subscribe(uid, 'MITATE_T');
    const socket = await client.openEventChannel('MITATE_T');
    const states: string[] = [];
    socket.on('message', (data) =>
      states.push(
        ...parseEventReports(data.toString()).map(
          (report) => stringValue(report, tag.procedureStepState) ?? '?',
        ),
      ),
    );
    await client.requestCancel(uid, 'not needed');
    for (let waited = 0; !states.includes('CANCELED') && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();
    expect(states).toContain('CANCELED');
    expect(stringValue(await client.workItem(uid), tag.procedureStepState)).toBe('CANCELED');
  });
});
