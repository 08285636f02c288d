/**
 * The real reference platform for the send/receive tests, started in this process on loopback
 * (through test/support/testPlatform.ts, the one test file allowed to import platform/), and a
 * real login on its pages: password, then the TOTP code an authenticator would show, then the
 * authorization code exchanged with PKCE for a two-factor access token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CookieBrowser } from '../../../support/loginPages.js';
import { startTestPlatform, type TestPlatform } from '../../../support/testPlatform.js';
import { totpCode } from '../../../support/totpCode.js';

const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

export async function loginWithTotp(
  platformUrl: string,
  user: { username: string; password: string; secret: string },
): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: 'mitate-desktop',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile dicomweb',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  });
  const browser = new CookieBrowser();
  const start = await browser.request(`${platformUrl}/auth?${params}`);
  const interaction = new URL(start.headers.get('location')!, platformUrl).href;
  await browser.request(interaction);
  await browser.post(`${interaction}/password`, {
    username: user.username,
    password: user.password,
  });
  let response = await browser.post(`${interaction}/totp`, { code: totpCode(user.secret) });
  let code: string | null = null;
  for (let hops = 0; hops < 8 && code === null; hops++) {
    const location = response.headers.get('location');
    expect(location, 'the login redirects back to the app').toBeTruthy();
    if (location!.startsWith(REDIRECT_URI)) code = new URL(location!).searchParams.get('code');
    else response = await browser.request(new URL(location!, platformUrl).href);
  }
  const token = await fetch(`${platformUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: REDIRECT_URI,
      client_id: 'mitate-desktop',
      code_verifier: verifier,
    }),
  });
  expect(token.status).toBe(200);
  return ((await token.json()) as { access_token: string }).access_token;
}

export interface SignedInPlatform {
  platform: TestPlatform;
  dicomweb: string;
  token: string;
  user: { username: string; password: string; secret: string };
}

export async function startSignedInPlatform(
  options: { dataDir?: string; port?: number } = {},
): Promise<SignedInPlatform> {
  const platform = await startTestPlatform({ ...options, accessTokenTtlSeconds: 3600 });
  const user = await platform.addUser(`doc${randomBytes(3).toString('hex')}`);
  const token = await loginWithTotp(platform.url, user);
  return { platform, dicomweb: `${platform.url}/dicomweb`, token, user };
}
