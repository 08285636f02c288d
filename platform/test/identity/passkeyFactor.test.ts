import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser as Chromium, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../server/startPlatform.js';
import { chromiumLaunchOptions } from '../../../test/support/chromium.js';
import {
  authorizeUrl,
  beginLogin,
  claimsOf,
  exchangeCode,
  newPkce,
  startTestPlatform,
} from '../support/platformHarness.js';

/**
 * WebAuthn passkeys through the real login pages in real Chromium, with Chromium's virtual
 * authenticator (DevTools WebAuthn domain) standing in for a security key or platform passkey.
 * The platform is named `localhost` because WebAuthn refuses IP addresses as relying parties.
 */
let platform: Platform;
let browser: Chromium;

beforeAll(async () => {
  platform = await startTestPlatform({ publicHost: 'localhost' });
  await platform.accounts.create({
    username: 'keyholder',
    name: 'keyholder',
    role: 'radiologist',
    password: 'keyholder-password',
  });
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
});

/**
 * Logs in through the pages with the password, presses the passkey button, and returns the code
 * that reaches a real loopback listener, as the desktop app's would (RFC 8252 §7.3).
 */
async function passkeyLogin(
  page: Page,
  button: string,
): Promise<{ code: string; pkce: ReturnType<typeof newPkce>; redirectUri: string }> {
  const pkce = newPkce();
  let resolveCode: (code: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => {
    resolveCode = resolve;
  });
  const listener = createServer((req, res) => {
    resolveCode(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('code') ?? '');
    res.end('back in the app');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
  try {
    await page.goto(`${platform.url}${authorizeUrl(pkce, { redirect_uri: redirectUri })}`);
    await page.fill('#username', 'keyholder');
    await page.fill('#password', 'keyholder-password');
    await page.click('form[data-step="password"] button[type="submit"]');
    await page.getByRole('button', { name: button }).click();
    const code = await received;
    expect(code).toBeTruthy();
    // The listener is closed below: first let the page finish loading its answer, or Chromium,
    // its connection cut mid-navigation, may still be navigating to this callback when the next
    // login's page.goto starts (and is interrupted by it).
    await page.waitForURL((url) => url.href.startsWith(redirectUri));
    return { code, pkce, redirectUri };
  } finally {
    listener.closeAllConnections();
    listener.close();
  }
}

describe('WebAuthn passkey as the second factor', () => {
  it('registers a passkey at first login, signs in with it later, and puts amr pwd+hwk in the tokens', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    const first = await passkeyLogin(page, 'Register a passkey instead');
    const tokens = await exchangeCode(platform, first.code, first.pkce, first.redirectUri);
    expect(claimsOf(tokens.access_token).amr).toEqual(['pwd', 'hwk']);
    expect(claimsOf(tokens.id_token).acr).toBe('urn:mitate:acr:phr');
    const account = platform.accounts.byUsername('keyholder')!;
    expect(account.webauthn).toHaveLength(1);

    await context.clearCookies();
    const second = await passkeyLogin(page, 'Sign in with a passkey');
    expect(
      claimsOf(
        (await exchangeCode(platform, second.code, second.pkce, second.redirectUri)).access_token,
      ).amr,
    ).toEqual(['pwd', 'hwk']);
    await context.close();
  });

  it('does not let the password alone add TOTP to an account that has a passkey', async () => {
    const { browser: http, interaction } = await beginLogin(platform);
    await http.post(`${interaction}/password`, {
      username: 'keyholder',
      password: 'keyholder-password',
    });
    const page = await (await http.request(interaction)).text();
    expect(page).not.toContain('data-step="enrol"');
    expect(page).toContain('data-passkey=');
    const enrol = await http.post(`${interaction}/enrol`, { code: '123456' });
    expect(enrol.status).toBe(401);
    const forged = await http.request(`${interaction}/passkey/verify`, {
      method: 'POST',
      body: JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: {} }),
      headers: { 'content-type': 'application/json' },
    });
    expect(forged.status).toBe(401);
  });
});
