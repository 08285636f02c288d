import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  buildMultipart,
  newBoundary,
  parseMediaType,
  parseMultipart,
} from '../../dicomweb/multipartRelated.js';
import type { Platform } from '../../server/startPlatform.js';
import { platformRoot, testData } from '../support/paths.js';
import { bundledPlatformCli, login, startTestPlatform } from '../support/platformHarness.js';
import { accessTokenWith } from '../support/tokens.js';

type Dataset = Record<string, { vr: string; Value?: unknown[] }>;
const SECRET = 'JBSWY3DPEHPK3PXP';
let platform: Platform;
let token: string;

beforeAll(async () => {
  // A performer whose analysis always fails, to see the failure path end cleanly.
  platform = await startTestPlatform({
    analyzeCommand: [process.execPath, '-e', 'process.exit(3)'],
  });
  await platform.accounts.create({
    username: 'ups',
    name: 'ups',
    role: 'doctor',
    password: 'ups-password',
    totpSecret: SECRET,
  });
  token = (await login(platform, 'ups', 'ups-password', SECRET)).access_token;
});
afterAll(async () => platform.close());

function api(
  target: Platform,
  bearer: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${target.dicomwebUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/dicom+json',
      ...init.headers,
    },
  });
}

function workItem(code: string, inputs: Dataset[] = []): Dataset {
  return {
    '00741000': { vr: 'CS', Value: ['SCHEDULED'] },
    '00741200': { vr: 'CS', Value: ['MEDIUM'] },
    '00741204': { vr: 'LO', Value: ['AI task'] },
    '00404018': {
      vr: 'SQ',
      Value: [
        {
          '00080100': { vr: 'SH', Value: [code] },
          '00080102': { vr: 'SH', Value: ['99MITATE'] },
          '00080104': { vr: 'LO', Value: [code] },
        },
      ],
    },
    '00404021': { vr: 'SQ', Value: inputs },
  };
}

/** Opens the event channel and collects every event report it receives. */
async function openChannel(
  target: Platform,
  bearer: string,
  aeTitle: string,
): Promise<{ socket: WebSocket; events: Dataset[]; next(count: number): Promise<Dataset[]> }> {
  const socket = new WebSocket(
    `${target.dicomwebUrl.replace('http', 'ws')}/subscribers/${aeTitle}`,
    { headers: { authorization: `Bearer ${bearer}` } },
  );
  const events: Dataset[] = [];
  socket.on('message', (data) => events.push(...(JSON.parse(data.toString()) as Dataset[])));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = async (count: number): Promise<Dataset[]> => {
    for (let waited = 0; events.length < count && waited < 20_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return events.slice(0, count);
  };
  return { socket, events, next };
}

const stateOf = (event: Dataset): unknown => event['00741000']?.Value?.[0];
const typeOf = (event: Dataset): unknown => event['00001002']?.Value?.[0];

async function stowFolder(
  target: Platform,
  bearer: string,
  files: Buffer[],
): Promise<{ studyUid: string; seriesUid: string }> {
  const boundary = newBoundary();
  const response = await api(target, bearer, '/studies', {
    method: 'POST',
    headers: {
      'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    },
    body: buildMultipart(
      boundary,
      files.map((body) => ({ contentType: 'application/dicom', body })),
    ),
  });
  expect(response.status).toBe(200);
  const retrieveUrl = (((await response.json()) as Dataset)['00081199']!.Value![0] as Dataset)[
    '00081190'
  ]!.Value![0] as string;
  const [, studyUid, seriesUid] = /studies\/([\d.]+)\/series\/([\d.]+)/.exec(retrieveUrl)!;
  return { studyUid: studyUid!, seriesUid: seriesUid! };
}

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

  it('cancels a reference-service item whose analysis fails, with a reason, and deletes its inputs', async () => {
    const names = (await readdir(testData('mr-head-t1-siemens-xa30-classic')))
      .filter((name) => name.endsWith('.dcm'))
      .slice(0, 2);
    const files = await Promise.all(
      names.map((name) => readFile(join(testData('mr-head-t1-siemens-xa30-classic'), name))),
    );
    const { studyUid, seriesUid } = await stowFolder(platform, token, files);
    const channel = await openChannel(platform, token, 'GLOBAL_TEST');
    expect(
      (
        await api(platform, token, '/workitems/1.2.840.10008.5.1.4.34.5/subscribers/GLOBAL_TEST', {
          method: 'POST',
        })
      ).status,
    ).toBe(201);
    const input = {
      '0020000D': { vr: 'UI', Value: [studyUid] },
      '0020000E': { vr: 'UI', Value: [seriesUid] },
    };
    const created = await api(platform, token, '/workitems', {
      method: 'POST',
      body: JSON.stringify([workItem('intracranial-seg', [input])]),
    });
    expect(created.status).toBe(201);
    await platform.performer.idle();
    const events = await channel.next(3);
    expect(events.map((event) => [typeOf(event), stateOf(event)])).toEqual([
      [1, 'IN PROGRESS'],
      [3, 'IN PROGRESS'],
      [1, 'CANCELED'],
    ]);
    const uid = created.headers.get('content-location')!.split('/').pop()!;
    const item = (
      (await (await api(platform, token, `/workitems/${uid}`)).json()) as Dataset[]
    )[0]!;
    expect(item['00741238']!.Value).toEqual(['analysis failed']);
    expect(await readdir(join(platform.scratchFolder, 'instances'))).toEqual([]);
    expect(await readdir(join(platform.scratchFolder, 'jobs'))).toEqual([]);
    channel.socket.close();
  });

  it('stops a running analysis when cancellation is requested, and tells subscribers', async () => {
    // An "analysis" that would run for a minute: only the cancel request can end it in time.
    const slow = await startTestPlatform({
      analyzeCommand: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
    });
    try {
      await slow.accounts.create({
        username: 'slow',
        name: 'slow',
        role: 'doctor',
        password: 'slow-password',
        totpSecret: SECRET,
      });
      const bearer = (await login(slow, 'slow', 'slow-password', SECRET)).access_token;
      const names = (await readdir(testData('mr-head-t1-siemens-xa30-classic')))
        .filter((name) => name.endsWith('.dcm'))
        .slice(0, 1);
      const { studyUid } = await stowFolder(slow, bearer, [
        await readFile(join(testData('mr-head-t1-siemens-xa30-classic'), names[0]!)),
      ]);
      const channel = await openChannel(slow, bearer, 'CANCEL_TEST');
      await api(slow, bearer, '/workitems/1.2.840.10008.5.1.4.34.5/subscribers/CANCEL_TEST', {
        method: 'POST',
      });
      const created = await api(slow, bearer, '/workitems', {
        method: 'POST',
        body: JSON.stringify([
          workItem('aneurysm-mra', [{ '0020000D': { vr: 'UI', Value: [studyUid] } }]),
        ]),
      });
      const uid = created.headers.get('content-location')!.split('/').pop()!;
      await channel.next(2);
      expect(
        (
          await api(slow, bearer, `/workitems/${uid}/cancelrequest`, {
            method: 'POST',
            body: JSON.stringify([{ '00741238': { vr: 'LT', Value: ['wrong series'] } }]),
          })
        ).status,
      ).toBe(202);
      await slow.performer.idle();
      const events = await channel.next(4);
      expect(events.map((event) => [typeOf(event), stateOf(event)])).toEqual([
        [1, 'IN PROGRESS'],
        [3, 'IN PROGRESS'],
        [2, 'IN PROGRESS'],
        [1, 'CANCELED'],
      ]);
      const item = ((await (await api(slow, bearer, `/workitems/${uid}`)).json()) as Dataset[])[0]!;
      expect(item['00741238']!.Value).toEqual(['canceled on request']);
      expect(await readdir(join(slow.scratchFolder, 'instances'))).toEqual([]);
      channel.socket.close();
    } finally {
      await slow.close();
    }
  });

  const analyzeExists = existsSync(join(platformRoot, 'commands/analyze.ts'));
  it.skipIf(!analyzeExists)(
    `runs intracranial-seg on the real MR series, delivers SEG and SR by WADO-RS, then keeps nothing${analyzeExists ? '' : ' (skipped: platform/commands/analyze.ts is not in the tree yet)'}`,
    async () => {
      const cli = await bundledPlatformCli();
      const real = await startTestPlatform({ analyzeCommand: [process.execPath, cli] });
      try {
        await real.accounts.create({
          username: 'seg',
          name: 'seg',
          role: 'doctor',
          password: 'seg-password',
          totpSecret: SECRET,
        });
        const bearer = (await login(real, 'seg', 'seg-password', SECRET)).access_token;
        const folder = testData('mr-head-t1-siemens-xa30-classic');
        const files = await Promise.all(
          (await readdir(folder))
            .filter((name) => name.endsWith('.dcm'))
            .map((name) => readFile(join(folder, name))),
        );
        const { studyUid, seriesUid } = await stowFolder(real, bearer, files);
        const input = {
          '0020000D': { vr: 'UI', Value: [studyUid] },
          '0020000E': { vr: 'UI', Value: [seriesUid] },
        };
        const created = await api(real, bearer, '/workitems', {
          method: 'POST',
          body: JSON.stringify([workItem('intracranial-seg', [input])]),
        });
        const uid = created.headers.get('content-location')!.split('/').pop()!;
        await real.performer.idle();
        const item = (
          (await (await api(real, bearer, `/workitems/${uid}`)).json()) as Dataset[]
        )[0]!;
        expect(item['00741000']!.Value).toEqual(['COMPLETED']);
        const outputs = (item['00741216']!.Value![0] as Dataset)['00404033']!.Value as Dataset[];
        expect(outputs.length).toBeGreaterThan(0);
        expect(await readdir(join(real.scratchFolder, 'jobs'))).toEqual([]);
        for (const output of outputs) {
          const response = await fetch(output['00081190']!.Value![0] as string, {
            headers: { authorization: `Bearer ${bearer}` },
          });
          const parts = parseMultipart(
            Buffer.from(await response.arrayBuffer()),
            parseMediaType(response.headers.get('content-type')!)!.parameters.get('boundary')!,
          );
          expect(parts.length).toBe((output['00081199']!.Value as unknown[]).length);
        }
        // Deletion follows the end of the last response; give the server a moment to finish it.
        for (
          let waited = 0;
          (await readdir(join(real.scratchFolder, 'instances'))).length > 0 && waited < 5_000;
          waited += 50
        ) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(await readdir(join(real.scratchFolder, 'instances'))).toEqual([]);
      } finally {
        await real.close();
        await rm(cli, { force: true });
      }
    },
  );
});
