import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string | undefined {
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Opens the URL in a Chromium app window (no tabs or address bar, like the desktop app) with a
 * throw-away profile, so the session cookie never lands in the user's everyday browser.
 */
export async function openAppWindow(url: string): Promise<ChildProcess | undefined> {
  const executable = findChromium();
  if (executable === undefined) return undefined;
  const profile = await mkdtemp(join(tmpdir(), 'mitate-browser-'));
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1440,900',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return spawn(executable, args, { stdio: 'ignore' });
}
