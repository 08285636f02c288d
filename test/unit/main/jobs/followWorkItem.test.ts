// Following a UPS work item on the real platform: through the WebSocket event channel (with
// polling set so slow that only an event can end the wait), and by polling alone when a proxy
// in between refuses WebSocket upgrades.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomwebClient } from '../../../../main/dicomweb/dicomwebClient.js';
import { followWorkItem, type WorkItemStatus } from '../../../../main/jobs/followWorkItem.js';
import { startSignedInPlatform, type SignedInPlatform } from './platformSession.js';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy.js';

let signedIn: SignedInPlatform;
let proxy: RecordingProxy;

beforeAll(async () => {
  signedIn = await startSignedInPlatform();
  proxy = await startRecordingProxy(signedIn.platform.url);
});
afterAll(async () => {
  await proxy?.close();
  await signedIn?.platform.close();
});

const newUid = (): string => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`)}`;

/** The performer's side, straight to the platform: claim, report progress, complete. */
async function perform(uid: string): Promise<void> {
  const api = (path: string, method: string, body: unknown): Promise<Response> =>
    fetch(`${signedIn.dicomweb}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${signedIn.token}`,
        'content-type': 'application/dicom+json',
      },
      body: JSON.stringify([body]),
    });
  const transaction = newUid();
  expect(
    (
      await api(`/workitems/${uid}/state`, 'PUT', {
        '00741000': { vr: 'CS', Value: ['IN PROGRESS'] },
        '00081195': { vr: 'UI', Value: [transaction] },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api(`/workitems/${uid}`, 'POST', {
        '00081195': { vr: 'UI', Value: [transaction] },
        '00741002': { vr: 'SQ', Value: [{ '00741004': { vr: 'DS', Value: [40] } }] },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api(`/workitems/${uid}/state`, 'PUT', {
        '00741000': { vr: 'CS', Value: ['COMPLETED'] },
        '00081195': { vr: 'UI', Value: [transaction] },
      })
    ).status,
  ).toBe(200);
}

async function scheduled(client: DicomwebClient): Promise<string> {
  const uid = newUid();
  await client.createWorkItem(uid, {
    '00741000': { vr: 'CS', Value: ['SCHEDULED'] },
    '00404018': {
      vr: 'SQ',
      Value: [
        {
          '00080100': { vr: 'SH', Value: ['follow-test'] },
          '00080102': { vr: 'SH', Value: ['99TEST'] },
          '00080104': { vr: 'LO', Value: ['follow test'] },
        },
      ],
    },
  });
  return uid;
}

describe('following a work item', () => {
  it('hears the state changes up to COMPLETED on the event channel, without polling', async () => {
    const client = new DicomwebClient({
      baseUrl: `${proxy.url}/dicomweb`,
      accessToken: () => signedIn.token,
    });
    const uid = await scheduled(client);
    const seen: WorkItemStatus[] = [];
    // Polling every ten minutes: only events can end this within the test's time limit.
    const following = followWorkItem({
      client,
      workItemUid: uid,
      aeTitle: 'MITATE_F1',
      signal: new AbortController().signal,
      onStatus: (status) => seen.push(status),
      pollMs: { withChannel: 600_000, withoutChannel: 600_000 },
    });
    for (let waited = 0; proxy.upgrades === 0 && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(proxy.upgrades).toBe(1);
    for (let waited = 0; seen.length === 0 && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await perform(uid);
    const final = await following;
    expect(final.state).toBe('COMPLETED');
    expect(seen[0]!.state).toBe('SCHEDULED');
    expect(seen.map((status) => status.state)).toContain('COMPLETED');
  }, 30_000);

  it('falls back to polling when the channel cannot be opened', async () => {
    proxy.refuseUpgrades = true;
    try {
      const client = new DicomwebClient({
        baseUrl: `${proxy.url}/dicomweb`,
        accessToken: () => signedIn.token,
      });
      const uid = await scheduled(client);
      const upgradesBefore = proxy.upgrades;
      const refusedBefore = proxy.upgradesRefused;
      const following = followWorkItem({
        client,
        workItemUid: uid,
        aeTitle: 'MITATE_F2',
        signal: new AbortController().signal,
        onStatus: () => undefined,
        pollMs: { withChannel: 600_000, withoutChannel: 150 },
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await perform(uid);
      expect((await following).state).toBe('COMPLETED');
      expect(proxy.upgrades).toBe(upgradesBefore);
      expect(proxy.gets.get(`/dicomweb/workitems/${uid}`) ?? 0).toBeGreaterThanOrEqual(2);
      // The blocked channel was tried once, not again on every poll.
      expect(proxy.upgradesRefused - refusedBefore).toBe(1);
    } finally {
      proxy.refuseUpgrades = false;
    }
  }, 30_000);

  it('stops when asked (the job is cancelled or the app quits)', async () => {
    const client = new DicomwebClient({
      baseUrl: signedIn.dicomweb,
      accessToken: () => signedIn.token,
    });
    const uid = await scheduled(client);
    const controller = new AbortController();
    const following = followWorkItem({
      client,
      workItemUid: uid,
      aeTitle: 'MITATE_F3',
      signal: controller.signal,
      onStatus: () => undefined,
    });
    controller.abort(new Error('stop'));
    await expect(following).rejects.toThrow('stop');
  });
});
