/**
 * `npm start`'s command line as a user runs it (the real scripts/start.mjs in its own process):
 * `--help` prints the options and exits before anything starts; a mistyped option is an error
 * (exit 2) before anything starts; on a machine without a display it opens no window and says
 * where the web UI is served, and that address answers. The last one starts the built dev host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

const start = join(repoRoot, 'scripts', 'start.mjs');
const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function emptyDataDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-start-'));
  folders.push(folder);
  return folder;
}

/** The environment of a machine without a display (an SSH session, a server). */
function headless(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env['DISPLAY'];
  delete env['WAYLAND_DISPLAY'];
  return env;
}

describe('npm start', () => {
  it('--help prints the options and exits before building or starting anything', async () => {
    const dataDir = await emptyDataDir();
    const run = spawnSync(process.execPath, [start, '--data-dir', dataDir, '--help'], {
      encoding: 'utf8',
      env: headless(),
    });
    expect(run.status).toBe(0);
    for (const option of [
      '--help',
      '--web',
      '--no-platform',
      '--no-open',
      '--data-dir DIR',
      '--port N',
    ])
      expect(run.stdout).toContain(option);
    // Nothing started: no build, no platform (it would write its accounts and print their
    // one-time passwords), no app, nothing written to the data folder.
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(
      /serves its web UI at|Imported \d|Electron binary not installed/,
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('an unknown option is a clear error with exit code 2, before anything starts', async () => {
    const dataDir = await emptyDataDir();
    const run = spawnSync(process.execPath, [start, '--data-dir', dataDir, '--frobnicate'], {
      encoding: 'utf8',
      env: headless(),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--frobnicate'");
    expect(run.stderr).toContain('npm start -- --help');
    expect(await readdir(dataDir)).toEqual([]);
    const badPort = spawnSync(process.execPath, [start, '--port', 'eighty'], { encoding: 'utf8' });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port must be a number');
  });

  it('the dev host refuses an unknown option the same way', () => {
    const run = spawnSync(
      process.execPath,
      [join(repoRoot, 'dist', 'devhost', 'cli.js'), '--frobnicate'],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--frobnicate'");
    expect(run.stderr).toContain('--no-open');
  });

  it('without a display it opens no window and says where the web UI is served', async () => {
    const dataDir = await emptyDataDir();
    const child = spawn(
      process.execPath,
      [start, '--no-build', '--no-platform', '--data-dir', dataDir],
      { env: headless(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const said: string[] = [];
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) =>
          reject(new Error(`start ended with ${code}: ${said.join('\n')}`)),
        );
        lines.on('line', (line) => {
          said.push(line);
          const served = /serves its web UI at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(line);
          if (served !== null) resolve(served[1]!);
        });
      });
      const text = said.join('\n');
      expect(text).toContain('No display is available');
      expect(text).not.toMatch(/is open(ing)? in a Chromium window/);
      expect(text).not.toContain('Electron binary not installed');
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).toBeLessThan(400);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
