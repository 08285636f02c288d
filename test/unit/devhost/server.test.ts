import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DevHost } from '../../../devhost/server.js';
import { decodeMessage, encodeMessage, WS_PATH } from '../../../devhost/wire.js';
import { testData } from '../../support/paths.js';
import { startTestDevHost } from './devHostHarness.js';

let host: DevHost;
let cookie: string;

beforeAll(async () => {
  const started = await startTestDevHost();
  host = started.host;
  cookie = started.cookie;
  expect(started.launchStatus).toBe(303);
});

afterAll(async () => host.close());

function connect(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}${WS_PATH}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, channel: string, request: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (data: WebSocket.RawData): void => {
      const message = decodeMessage(data.toString()) as {
        type: string;
        id?: number;
        reply?: unknown;
      };
      if (message.type === 'reply' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message.reply);
      }
    };
    socket.on('message', onMessage);
    socket.send(encodeMessage({ type: 'invoke', id, channel, request }));
  });
}

describe('dev host access control', () => {
  it('serves the page with the CSP and the bridge only after the token is exchanged', async () => {
    expect((await fetch(`${host.url}/`)).status).toBe(403);
    expect((await fetch(`${host.url}/?token=wrong`)).status).toBe(403);
    const page = await fetch(`${host.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(
      "script-src 'self' 'wasm-unsafe-eval'",
    );
    expect(page.headers.get('content-security-policy')).not.toMatch(/\s'unsafe-eval'/);
    expect(await page.text()).toContain('<script src="/__devhost/bridge.js"></script>');
  });

  it('refuses a request from another origin or for another host name', async () => {
    expect(
      (await fetch(`${host.url}/`, { headers: { cookie, origin: 'http://evil.example' } })).status,
    ).toBe(403);
    // fetch() will not send a foreign Host header; a DNS-rebinding page would.
    const { port } = new URL(host.url);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          headers: { cookie, host: `attacker.example:${port}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('refuses a WebSocket without the session or from another origin', async () => {
    await expect(connect({ origin: host.url })).rejects.toThrow(/403/);
    await expect(connect({ cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('bridges the contract for the page and serves only indexed instances', async () => {
    const socket = await connect({ cookie, origin: host.url });
    expect(await call(socket, 'settings.get', {})).toEqual({ ok: true, value: { locale: 'ja' } });
    expect(await call(socket, 'library.importPaths', { paths: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const imported = (await call(socket, 'library.importPaths', {
      paths: [testData('mr-head-t1-siemens-xa30-enhanced')],
    })) as {
      ok: boolean;
      value: { studies: { id: string }[] };
    };
    expect(imported.ok).toBe(true);
    const series = (await call(socket, 'library.series', {
      studyId: imported.value.studies[0]?.id,
    })) as {
      value: { instances: { id: string; frames: number }[] }[];
    };
    const instance = series.value[0]?.instances[0];
    expect(instance?.frames).toBe(96);
    const bytes = await fetch(`${host.url}/dicom/${instance?.id}`, { headers: { cookie } });
    expect(bytes.status).toBe(200);
    expect(new Uint8Array(await bytes.arrayBuffer()).subarray(128, 132)).toEqual(
      new TextEncoder().encode('DICM'),
    );
    expect((await fetch(`${host.url}/dicom/${instance?.id}`)).status).toBe(403);
    expect((await fetch(`${host.url}/dicom/not-an-instance`, { headers: { cookie } })).status).toBe(
      404,
    );
    expect(
      (await fetch(`${host.url}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status,
    ).toBe(404);
    socket.close();
  });
});
