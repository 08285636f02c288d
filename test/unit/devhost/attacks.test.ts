import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openAppWindow } from '../../../devhost/openBrowser.js';
import type { DevHost } from '../../../devhost/server.js';
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, WS_PATH } from '../../../devhost/wire.js';
import { chromiumLaunchOptions } from '../../support/chromium.js';
import { startTestDevHost } from './devHostHarness.js';

/**
 * Attacks on the dev host through what an attacker can reach: raw WebSocket frames on its port,
 * and the process list of the machine (other local users read every command line).
 */
let host: DevHost;
let cookie: string;

beforeAll(async () => {
  const started = await startTestDevHost();
  host = started.host;
  cookie = started.cookie;
});
afterAll(async () => host.close());

/** A WebSocket handshake by hand, so the test can then write any bytes it likes. */
async function rawUpgrade(): Promise<Socket> {
  const { port } = new URL(host.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    [
      `GET ${WS_PATH} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Origin: ${host.url}`,
      `Cookie: ${cookie}`,
      '',
      '',
    ].join('\r\n'),
  );
  const head = await new Promise<string>((resolve) =>
    socket.once('data', (data: Buffer) => resolve(data.toString('latin1'))),
  );
  expect(head).toMatch(/^HTTP\/1.1 101/);
  return socket;
}

/** A masked client frame header announcing `length` payload bytes (none of which are sent). */
function frameHeader(opcode: number, length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x80 | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

/** What the host answers before it drops the connection: the close code of its close frame. */
function closeCode(socket: Socket): Promise<number | undefined> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
    });
    socket.on('close', () =>
      resolve(received[0] === 0x88 && received.length >= 4 ? received.readUInt16BE(2) : undefined),
    );
    socket.on('error', () => undefined);
  });
}

async function stillServes(): Promise<void> {
  const socket = new WebSocket(`${host.url.replace('http', 'ws')}${WS_PATH}`, {
    headers: { cookie, origin: host.url },
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const reply = await new Promise<unknown>((resolve) => {
    socket.once('message', (data) =>
      resolve((decodeMessage(data.toString()) as { reply: unknown }).reply),
    );
    socket.send(encodeMessage({ type: 'invoke', id: 1, channel: 'settings.get', request: {} }));
  });
  expect(reply).toMatchObject({ ok: true });
  socket.close();
}

describe('dev host against hostile WebSocket frames', () => {
  it('closes a socket that announces a frame over 512 MiB and keeps serving the others', async () => {
    const socket = await rawUpgrade();
    const closed = closeCode(socket);
    socket.write(frameHeader(0x1, 600 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await stillServes();
  });

  it('holds frames to a few tens of MiB, enough for a batch of dropped files', async () => {
    expect(MAX_MESSAGE_BYTES).toBeLessThanOrEqual(100 * 1024 * 1024);
    const socket = await rawUpgrade();
    const closed = closeCode(socket);
    socket.write(frameHeader(0x1, MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    await stillServes();
  });

  it('closes a socket that sends a reserved opcode and keeps serving', async () => {
    const socket = await rawUpgrade();
    const closed = closeCode(socket);
    socket.write(frameHeader(0x3, 0));
    expect(await closed).toBe(1002);
    await stillServes();
  });
});

describe('dev host session secret and the process list', () => {
  it('keeps the session secret off the browser command line, in a file only this user can read', async () => {
    const secret = new URL(host.launchUrl).searchParams.get('token')!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    // Stands in for Chromium: a process that stays up with the arguments it was given.
    const folder = await mkdtemp(join(tmpdir(), 'mitate-fake-browser-'));
    const fakeBrowser = join(folder, 'chromium');
    await writeFile(fakeBrowser, '#!/bin/sh\nsleep 30\n');
    await chmod(fakeBrowser, 0o755);
    const child = await openAppWindow(host.launchUrl, fakeBrowser);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // What any local user can read:
      const cmdline = (await readFile(`/proc/${child!.pid}/cmdline`, 'utf8')).split('\0');
      expect(cmdline.join(' ')).not.toContain(secret);
      const app = cmdline.find((arg) => arg.startsWith('--app='))!.slice('--app='.length);
      expect(app).toMatch(/^file:\/\//);
      const launchFile = fileURLToPath(app);
      expect((await stat(launchFile)).mode & 0o777).toBe(0o600);
      expect((await stat(join(launchFile, '..'))).mode & 0o777).toBe(0o700);

      // And it still opens the app: the launch page leads a real Chromium to the host, which
      // trades the secret for the session cookie and serves the page.
      const browser = await chromium.launch(chromiumLaunchOptions());
      try {
        const page = await browser.newPage();
        await page.goto(app);
        await page.waitForURL(`${host.url}/`);
        expect(await page.textContent('body')).toBe('app');
      } finally {
        await browser.close();
      }
    } finally {
      child?.kill();
    }
  });
});
