import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Whether a window can be shown: Linux needs an X or Wayland display, other systems have one. */
export function displayAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

export function findChromium(): string | undefined {
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Writes the launch page: a file only this user can read that sends the browser on to the
 * launch URL (which carries the session secret).
 *
 * Why not `--app=<launch URL>`: a process's command line is world-readable on Linux
 * (/proc/<pid>/cmdline, `ps`), so every local user could read the secret there, trade it for the
 * session cookie and drive the app (the library, the images, the login). The command line now
 * names only this file; the folder is 0700 and the file 0600, so other users can see the path but
 * not read the secret. The browser runs as this user and reads it. The page is static HTML with a
 * meta refresh, no script; the refresh is a navigation from the page to the dev host, so the dev
 * host's answer to it is what the browser keeps (dev host: the exchange page, server.ts).
 */
export async function writeLaunchPage(
  launchUrl: string,
): Promise<{ fileUrl: string; folder: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-launch-'));
  const file = join(folder, 'launch.html');
  const target = escapeAttribute(launchUrl);
  await writeFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${target}"><title>Mitate</title>`,
    { mode: 0o600, flag: 'wx' },
  );
  return { fileUrl: pathToFileURL(file).href, folder };
}

/**
 * Opens the URL in a Chromium app window (no tabs or address bar, like the desktop app) with a
 * throw-away profile, so the session cookie never lands in the user's everyday browser. The
 * launch URL goes through a private launch page (writeLaunchPage), never on the command line.
 */
export async function openAppWindow(
  launchUrl: string,
  executable = findChromium(),
): Promise<ChildProcess | undefined> {
  if (executable === undefined) return undefined;
  const profile = await mkdtemp(join(tmpdir(), 'mitate-browser-'));
  const launch = await writeLaunchPage(launchUrl);
  const args = [
    `--app=${launch.fileUrl}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1440,900',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const child = spawn(executable, args, { stdio: 'ignore' });
  child.once('exit', () => void rm(launch.folder, { recursive: true, force: true }));
  return child;
}
