// What the UPS-RS tests share: a platform whose performer's analysis always fails, with one
// doctor logged in, and small clients for the work-item, event-channel and STOW-RS requests.
import { expect } from 'vitest';
import WebSocket from 'ws';
import { buildMultipart, newBoundary } from '../../dicomweb/multipartRelated.js';
import type { Platform } from '../../server/startPlatform.js';
import { login, startTestPlatform } from '../support/platformHarness.js';

export type Dataset = Record<string, { vr: string; Value?: unknown[] }>;
export const SECRET = 'JBSWY3DPEHPK3PXP';

/** The shared platform of a test file, and the access token of its doctor. */
export async function startUpsPlatform(): Promise<{ platform: Platform; token: string }> {
  // A performer whose analysis always fails, to see the failure path end cleanly.
  const platform = await startTestPlatform({
    analyzeCommand: [process.execPath, '-e', 'process.exit(3)'],
  });
  await platform.accounts.create({
    username: 'ups',
    name: 'ups',
    role: 'doctor',
    password: 'ups-password',
    totpSecret: SECRET,
  });
  const token = (await login(platform, 'ups', 'ups-password', SECRET)).access_token;
  return { platform, token };
}

export function api(
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

export function workItem(code: string, inputs: Dataset[] = []): Dataset {
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
export async function openChannel(
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

export const stateOf = (event: Dataset): unknown => event['00741000']?.Value?.[0];
export const typeOf = (event: Dataset): unknown => event['00001002']?.Value?.[0];

export async function stowFolder(
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
