/**
 * Which AI platform addresses the app may talk to.
 *
 * Who attacks: anyone on the network path between a clinic workstation and the platform (a
 * shared hospital LAN, a hotel Wi-Fi). Over plain http they read the login's tokens and the
 * pseudonymized images, and can answer in the platform's place. The address comes from the
 * organisation's policy or, for the embedded platform of `npm start`, from MITATE_PLATFORM_URL;
 * a mistyped or planted `http://` address must not silently downgrade a packaged app.
 *
 * The rule: https always; plain http only on this machine's loopback (127.0.0.0/8, ::1,
 * localhost), where nothing crosses a network; and in a development build (not packaged) any
 * http too, for a platform on a colleague's machine. No user name or password in the URL. The
 * refusal is an error code with a sentence in both languages (`error.platform_url_insecure`),
 * so the doctor sees why and IT sees what to fix.
 */
import { isIPv4 } from 'node:net';
import { basename } from 'node:path';

export type PlatformUrlProblem = 'platform_url_invalid' | 'platform_url_insecure';

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}

/** Undefined when the app may use `text` as (or on) its platform's address. */
export function platformUrlProblem(
  text: string,
  packaged: boolean,
): PlatformUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'platform_url_invalid';
  }
  if (url.username !== '' || url.password !== '') return 'platform_url_invalid';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return 'platform_url_invalid';
  return !packaged || isLoopbackHost(url.hostname) ? undefined : 'platform_url_insecure';
}

/**
 * Whether this is a packaged build, decided as Electron's own `app.isPackaged` decides it (the
 * executable is not the stock `electron` binary); plain Node (the dev host, tests) is never a
 * packaged app. Read here so the login code needs no Electron import.
 */
export function isPackagedApp(): boolean {
  if (process.versions.electron === undefined) return false;
  const executable = basename(process.execPath).toLowerCase();
  return executable !== (process.platform === 'win32' ? 'electron.exe' : 'electron');
}
