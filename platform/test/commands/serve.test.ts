import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPlatformCli } from '../support/platformHarness.js';

/** `mitate-platform serve` as its own process, the way `npm start` and a vendor run it. */
let cli: string;
beforeAll(async () => {
  cli = await bundledPlatformCli();
});
afterAll(async () => rm(cli, { force: true }));

async function serveOnce(
  dataDir: string,
): Promise<{ url: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const firstLine = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const { event, url } = JSON.parse(firstLine) as { event: string; url: string };
  expect(event).toBe('listening');
  expect((await fetch(`${url}/api/catalog`)).status).toBe(200);
  expect(existsSync(join(dataDir, 'scratch'))).toBe(true);
  // Demo users are printed right after start; give stderr a moment, then stop the server.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return { url, stderr, code: await exited };
}

describe('mitate-platform serve', () => {
  it('prints its URL as one JSON line, prints the demo users once, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-serve-'));
    const first = await serveOnce(dataDir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Demo doctor (shown once): user "doctor"');
    expect(first.stderr).toContain('Demo radiologist (shown once): user "radiologist"');
    expect(existsSync(join(dataDir, 'scratch'))).toBe(false);

    const second = await serveOnce(dataDir);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Demo');
  });
});
