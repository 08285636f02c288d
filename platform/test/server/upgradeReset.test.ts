import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPlatformCli } from '../support/platformHarness.js';

/**
 * Anyone who can reach the platform's port, with no account: ask for the UPS event channel and
 * reset the connection while the (bogus) token is being checked. The 401 is then written to a
 * dead socket; without an 'error' listener on it, that error ended the platform process. The
 * platform runs as its own process here (`mitate-platform serve`), so a crash is a dead process.
 */
let cli: string;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  cli = await bundledPlatformCli();
  child = spawn(
    process.execPath,
    [cli, 'serve', '--data-dir', await mkdtemp(join(tmpdir(), 'mitate-reset-'))],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const firstLine = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  url = (JSON.parse(firstLine) as { url: string }).url;
});
afterAll(async () => {
  child?.kill('SIGTERM');
  await rm(cli, { force: true });
});

describe('platform WebSocket upgrade against connection resets', () => {
  it('survives clients that reset during the token check, and keeps serving', async () => {
    const { port } = new URL(url);
    const token = `${'a'.repeat(40)}.${'b'.repeat(40)}.${'c'.repeat(40)}`;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        [
          'GET /dicomweb/subscribers/ATTACKER HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          `Authorization: Bearer ${token}`,
          '',
          '',
        ].join('\r\n'),
      );
      socket.resetAndDestroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${url}/.well-known/openid-configuration`)).status).toBe(200);
  });
});
