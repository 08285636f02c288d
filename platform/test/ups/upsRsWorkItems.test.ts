// The UPS-RS work-item protocol: a work item's life from creation to completion as subscribers
// hear it, cancellation of a scheduled item, other users' view and the bodies refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Platform } from '../../server/startPlatform.js';
import { accessTokenWith } from '../support/tokens.js';
import {
  api,
  type Dataset,
  openChannel,
  startUpsPlatform,
  stateOf,
  typeOf,
  workItem,
} from './upsRsHarness.js';

let platform: Platform;
let token: string;

beforeAll(async () => {
  ({ platform, token } = await startUpsPlatform());
});
afterAll(async () => platform.close());

describe('UPS-RS work items with the WebSocket event channel', () => {
  it('creates, claims, reports progress and completes a work item, and subscribers hear each step', async () => {
    const channel = await openChannel(platform, token, 'MITATE_TEST');
    const created = await api(platform, token, '/workitems', {
      method: 'POST',
      body: JSON.stringify([workItem('manual-read')]),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('content-location')!;
    const uid = location.split('/').pop()!;

    const subscribed = await api(platform, token, `/workitems/${uid}/subscribers/MITATE_TEST`, {
      method: 'POST',
    });
    expect(subscribed.status).toBe(201);
    expect(subscribed.headers.get('content-location')).toBe(
      `${platform.dicomwebUrl.replace('http', 'ws')}/subscribers/MITATE_TEST`,
    );

    const transaction = '2.25.1234567890';
    const claim = await api(platform, token, `/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          '00741000': { vr: 'CS', Value: ['IN PROGRESS'] },
          '00081195': { vr: 'UI', Value: [transaction] },
        },
      ]),
    });
    expect(claim.status).toBe(200);
    const again = await api(platform, token, `/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          '00741000': { vr: 'CS', Value: ['IN PROGRESS'] },
          '00081195': { vr: 'UI', Value: ['2.25.9'] },
        },
      ]),
    });
    expect(again.status).toBe(409);

    const progress = await api(platform, token, `/workitems/${uid}`, {
      method: 'POST',
      body: JSON.stringify([
        {
          '00081195': { vr: 'UI', Value: [transaction] },
          '00741002': { vr: 'SQ', Value: [{ '00741004': { vr: 'DS', Value: [50] } }] },
        },
      ]),
    });
    expect(progress.status).toBe(200);

    const wrongLock = await api(platform, token, `/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          '00741000': { vr: 'CS', Value: ['COMPLETED'] },
          '00081195': { vr: 'UI', Value: ['2.25.9'] },
        },
      ]),
    });
    expect(wrongLock.status).toBe(409);
    const complete = await api(platform, token, `/workitems/${uid}/state`, {
      method: 'PUT',
      body: JSON.stringify([
        {
          '00741000': { vr: 'CS', Value: ['COMPLETED'] },
          '00081195': { vr: 'UI', Value: [transaction] },
        },
      ]),
    });
    expect(complete.status).toBe(200);

    const events = await channel.next(4);
    expect(events.map((event) => [typeOf(event), stateOf(event)])).toEqual([
      [1, 'SCHEDULED'],
      [1, 'IN PROGRESS'],
      [3, 'IN PROGRESS'],
      [1, 'COMPLETED'],
    ]);
    expect(events.every((event) => event['00001000']!.Value![0] === uid)).toBe(true);

    const retrieved = (await (await api(platform, token, `/workitems/${uid}`)).json()) as Dataset[];
    expect(retrieved[0]!['00741000']!.Value).toEqual(['COMPLETED']);
    expect(retrieved[0]!['00081195']).toBeUndefined();
    expect(
      (
        await api(platform, token, `/workitems/${uid}/state`, {
          method: 'PUT',
          body: JSON.stringify([
            {
              '00741000': { vr: 'CS', Value: ['CANCELED'] },
              '00081195': { vr: 'UI', Value: [transaction] },
            },
          ]),
        })
      ).status,
    ).toBe(409);
    channel.socket.close();
  });

  it('cancels a scheduled item on request, hides items from other users, and refuses bad bodies', async () => {
    const created = await api(platform, token, '/workitems', {
      method: 'POST',
      body: JSON.stringify(workItem('manual-read')),
    });
    const uid = created.headers.get('content-location')!.split('/').pop()!;
    const cancel = await api(platform, token, `/workitems/${uid}/cancelrequest`, {
      method: 'POST',
      body: JSON.stringify([{ '00741238': { vr: 'LT', Value: ['not needed'] } }]),
    });
    expect(cancel.status).toBe(202);
    const item = (
      (await (await api(platform, token, `/workitems/${uid}`)).json()) as Dataset[]
    )[0]!;
    expect(item['00741000']!.Value).toEqual(['CANCELED']);

    const stranger = await accessTokenWith(platform, { sub: 'stranger', amr: ['pwd', 'hwk'] });
    expect((await api(platform, stranger, `/workitems/${uid}`)).status).toBe(404);
    expect(await (await api(platform, stranger, '/workitems')).json()).toEqual([]);

    expect(
      (await api(platform, token, '/workitems', { method: 'POST', body: '{not json' })).status,
    ).toBe(400);
    expect(
      (
        await api(platform, token, '/workitems', {
          method: 'POST',
          body: JSON.stringify({ '00741000': { vr: 'CS', Value: ['COMPLETED'] } }),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(platform, token, '/workitems', {
          method: 'POST',
          body: JSON.stringify([{ bad: 1 }]),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api(platform, token, `/workitems/${uid}/subscribers/${'X'.repeat(17)}`, {
          method: 'POST',
        })
      ).status,
    ).toBe(404);

    const refused = new WebSocket(
      `${platform.dicomwebUrl.replace('http', 'ws')}/subscribers/NOAUTH`,
    );
    const status = await new Promise((resolve) =>
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(401);
  });
});
