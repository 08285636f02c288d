import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { expect } from 'vitest';
import { bundleCli } from '../../bundle.mjs';
import { currentTotp } from '../../identity/totpFactor.js';
import { startPlatform, type Platform, type PlatformOptions } from '../../server/startPlatform.js';
import { platformRoot } from './paths.js';

/**
 * Starts a real platform on loopback for one test file, and drives the real OpenID Connect
 * authorization code flow with PKCE through its real login pages with plain HTTP, computing the
 * TOTP code from the account's secret as an authenticator app would.
 */
export async function startTestPlatform(options: Partial<PlatformOptions> = {}): Promise<Platform> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mitate-platform-')));
  return startPlatform({ lockout: { maxFailures: 3, lockMs: 60_000 }, ...options, dataDir });
}

/**
 * Bundles the platform CLI for child-process runs, under node_modules so its packages resolve
 * (from the workspace root's node_modules when the platform has none of its own), under a name
 * of its own (test files run in parallel threads of one process). Remove it with `rm` when done.
 */
export async function bundledPlatformCli(): Promise<string> {
  const folder = join(platformRoot, 'node_modules', '.cache', 'mitate-platform-test');
  await mkdir(folder, { recursive: true });
  return bundleCli(join(folder, `cli-${randomUUID()}.js`), { sourcemap: false, logLevel: 'error' });
}

export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

/** A tiny cookie jar: enough for the provider's interaction and session cookies on one host. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async request(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(pkce: Pkce, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    client_id: 'mitate-desktop',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile dicomweb',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
    ...extra,
  });
  return `/auth?${params}`;
}

/** Starts a login: returns the browser and the interaction path it was sent to. */
export async function beginLogin(
  platform: Platform,
  pkce = newPkce(),
): Promise<{ browser: Browser; interaction: string; pkce: Pkce }> {
  const browser = new Browser(platform.url);
  const start = await browser.request(authorizeUrl(pkce));
  expect(start.status).toBe(303);
  const interaction = new URL(start.headers.get('location')!, platform.url).pathname;
  expect(interaction).toMatch(/^\/interaction\//);
  return { browser, interaction, pkce };
}

export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

/** Follows the redirects after the last factor back to the app's redirect URI; returns the code. */
export async function followToCode(browser: Browser, response: Response): Promise<string> {
  let current = response;
  for (let hops = 0; hops < 5; hops += 1) {
    expect(current.status).toBe(303);
    const location = current.headers.get('location')!;
    if (location.startsWith(REDIRECT_URI)) {
      const code = new URL(location).searchParams.get('code');
      expect(code).toBeTruthy();
      return code!;
    }
    current = await browser.request(location);
  }
  throw new Error('no redirect to the app');
}

export async function exchangeCode(
  platform: Platform,
  code: string,
  pkce: Pkce,
  redirectUri = REDIRECT_URI,
): Promise<Tokens> {
  const response = await fetch(`${platform.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'mitate-desktop',
      code_verifier: pkce.verifier,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

/** The whole login: password, then the current TOTP code (or the one of `totpAt`). */
export async function login(
  platform: Platform,
  username: string,
  password: string,
  totpSecret: string,
  totpAt = Date.now(),
): Promise<Tokens> {
  const { browser, interaction, pkce } = await beginLogin(platform);
  expect((await browser.request(interaction)).status).toBe(200);
  const afterPassword = await browser.post(`${interaction}/password`, { username, password });
  expect(afterPassword.status).toBe(303);
  const codePage = await browser.request(afterPassword.headers.get('location')!);
  expect(await codePage.text()).toContain('data-step="totp"');
  const afterCode = await browser.post(`${interaction}/totp`, {
    code: currentTotp(totpSecret, totpAt),
  });
  return exchangeCode(platform, await followToCode(browser, afterCode), pkce);
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return decodeJwt(jwt) as Record<string, unknown>;
}
