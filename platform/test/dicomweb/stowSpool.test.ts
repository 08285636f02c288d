import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../identity/totpFactor.js';
import { buildMultipart, parseMultipart } from '../../dicomweb/multipartRelated.js';
import { spoolMultipart } from '../../dicomweb/multipartSpool.js';
import type { Platform } from '../../server/startPlatform.js';
import {
  Browser,
  authorizeUrl,
  bundledPlatformCli,
  exchangeCode,
  followToCode,
  newPkce,
} from '../support/platformHarness.js';

/**
 * STOW-RS used to read a whole request (up to 512 MiB) into memory before parsing it, so a few
 * signed-in uploads at once could exhaust the platform. The platform runs as its own process
 * here (`mitate-platform serve`); a 320 MiB body is streamed to it, and its peak resident memory
 * (VmHWM, from /proc) must grow by far less than the body.
 */
const BODY_MIB = 320;

let cli: string;
let child: ChildProcess;
let url: string;
let token: string;
let dataDir: string;

function peakRssMib(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024,
  );
}

beforeAll(async () => {
  cli = await bundledPlatformCli();
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-stow-spool-'));
  child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const doctor = new Promise<RegExpExecArray>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const found =
        /Demo doctor \(shown once\): user "([^"]+)", password "([^"]+)", TOTP secret ([A-Z2-7]+)/.exec(
          stderr,
        );
      if (found !== null) resolve(found);
    });
  });
  url = (
    JSON.parse(
      await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once('line', resolve),
      ),
    ) as { url: string }
  ).url;
  const [, username, password, secret] = await doctor;
  // The real login on the platform's pages, as the app's system browser would do it.
  const pkce = newPkce();
  const browser = new Browser(url);
  const start = await browser.request(authorizeUrl(pkce));
  const interaction = new URL(start.headers.get('location')!, url).pathname;
  await browser.post(`${interaction}/password`, { username: username!, password: password! });
  const afterCode = await browser.post(`${interaction}/totp`, { code: currentTotp(secret!) });
  const platform = { url } as Platform;
  token = (await exchangeCode(platform, await followToCode(browser, afterCode), pkce)).access_token;
});
afterAll(async () => {
  child?.kill('SIGTERM');
  await rm(cli, { force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** A multipart body of one part of `mib` MiB, produced as it is sent (never whole in memory). */
function largeBody(boundary: string, mib: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x41);
  let sent = -1;
  return new ReadableStream({
    pull(controller) {
      if (sent === -1)
        controller.enqueue(
          new TextEncoder().encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
        );
      else if (sent < mib) controller.enqueue(chunk);
      else {
        controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
        controller.close();
      }
      sent += 1;
    },
  });
}

describe('STOW-RS request bodies are spooled to disk, not held in memory', () => {
  it(`a ${BODY_MIB} MiB upload grows the platform's peak memory by far less than its size`, async () => {
    const before = await peakRssMib(child.pid!);
    const boundary = 'spool-test-boundary';
    const response = await fetch(`${url}/dicomweb/studies`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      },
      body: largeBody(boundary, BODY_MIB),
      duplex: 'half',
    } as RequestInit);
    // Not DICOM: read to the end, spooled, refused as "cannot understand", and removed.
    expect(response.status).toBe(409);
    const growth = (await peakRssMib(child.pid!)) - before;
    expect(growth).toBeLessThan(BODY_MIB / 4);
    expect(await readdir(join(dataDir, 'scratch', 'incoming'))).toEqual([]);
  });
});

describe('the streaming multipart reader', () => {
  const parts = [
    { contentType: 'application/dicom', body: Buffer.from('first\r\n--not-the-boundary') },
    { contentType: 'application/dicom', body: Buffer.alloc(5000, 7) },
    { contentType: 'application/dicom', body: Buffer.alloc(0) },
  ];
  const boundary = 'b0undary-xyz';
  const body = buildMultipart(boundary, parts);

  it.each([1, 3, 17, 4096])(
    'splits parts exactly as the whole-body parser does, in %i-byte chunks',
    async (size) => {
      const folder = await mkdtemp(join(tmpdir(), 'mitate-spool-'));
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let at = 0; at < body.length; at += size) yield body.subarray(at, at + size);
      }
      const spooled = await spoolMultipart(chunks(), boundary, { folder, maxBytes: 1 << 20 });
      const expected = parseMultipart(body, boundary);
      expect(spooled.map((part) => part.headers)).toEqual(expected.map((part) => part.headers));
      for (const [index, part] of spooled.entries())
        expect(await readFile(part.file)).toEqual(expected[index]!.body);
      await rm(folder, { recursive: true, force: true });
    },
  );

  it('refuses a body over the limit, a missing closing delimiter and an endless header', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mitate-spool-'));
    const once = async function* (bytes: Buffer): AsyncGenerator<Buffer> {
      yield bytes;
    };
    await expect(
      spoolMultipart(once(body), boundary, { folder, maxBytes: 100 }),
    ).rejects.toMatchObject({ problem: 'too_large' });
    await expect(
      spoolMultipart(once(body.subarray(0, body.length - 10)), boundary, {
        folder,
        maxBytes: 1 << 20,
      }),
    ).rejects.toMatchObject({ problem: 'malformed' });
    const endless = Buffer.concat([
      Buffer.from(`--${boundary}\r\nX: `),
      Buffer.alloc(64 * 1024, 0x41),
    ]);
    await expect(
      spoolMultipart(once(endless), boundary, { folder, maxBytes: 1 << 20 }),
    ).rejects.toMatchObject({ problem: 'malformed' });
    await rm(folder, { recursive: true, force: true });
  });
});
