import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../identity/accountStore.js';
import { currentTotp, newTotpSecret } from '../../identity/totpFactor.js';
import type { Platform } from '../../server/startPlatform.js';
import {
  authorizeUrl,
  beginLogin,
  Browser,
  claimsOf,
  exchangeCode,
  followToCode,
  login,
  newPkce,
  startTestPlatform,
} from '../support/platformHarness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => platform.close());

async function makeUser(
  username: string,
  withTotp = true,
): Promise<{ password: string; secret: string }> {
  const password = `pw-${username}-Σ`;
  const secret = newTotpSecret();
  await platform.accounts.create({
    username,
    name: username,
    role: 'doctor',
    password,
    totpSecret: withTotp ? secret : undefined,
  });
  return { password, secret };
}

describe('OpenID Connect login with password and TOTP', () => {
  it('runs the code flow with PKCE and puts amr pwd+otp and the MFA acr in the ID and access tokens', async () => {
    const { password, secret } = await makeUser('flow');
    const tokens = await login(platform, 'flow', password, secret);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBeLessThanOrEqual(300);

    const jwks = createRemoteJWKSet(new URL(`${platform.url}/jwks`));
    const id = await jwtVerify(tokens.id_token, jwks, {
      issuer: platform.url,
      audience: 'mitate-desktop',
    });
    expect(id.payload.amr).toEqual(['pwd', 'otp']);
    expect(id.payload.acr).toBe('urn:mitate:acr:mfa');

    const access = await jwtVerify(tokens.access_token, jwks, {
      issuer: platform.url,
      audience: platform.dicomwebUrl,
      typ: 'at+jwt',
    });
    expect(access.payload.amr).toEqual(['pwd', 'otp']);
    expect(access.payload.acr).toBe('urn:mitate:acr:mfa');
    expect(String(access.payload.scope)).toContain('dicomweb');

    // Refresh tokens rotate (the old one stops working) and keep the factors in the new access token.
    expect(tokens.refresh_token).toBeTruthy();
    const refresh = (token: string): Promise<Response> =>
      fetch(`${platform.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: 'mitate-desktop',
        }),
      });
    const rotated = await refresh(tokens.refresh_token!);
    expect(rotated.status).toBe(200);
    const next = (await rotated.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(claimsOf(next.access_token).amr).toEqual(['pwd', 'otp']);
    expect((await refresh(tokens.refresh_token!)).status).toBe(400);
  });

  it('refuses an authorization request without PKCE and a redirect that is not loopback', async () => {
    const browser = new Browser(platform.url);
    const pkce = newPkce();
    const noPkce = await browser.request(
      authorizeUrl(pkce, { code_challenge: '', code_challenge_method: '' }),
    );
    expect(noPkce.status).toBe(303);
    expect(noPkce.headers.get('location')).toContain('error=invalid_request');
    const foreign = await browser.request(
      authorizeUrl(pkce, { redirect_uri: 'http://evil.example/callback' }),
    );
    expect(foreign.status).toBe(400);
    // Any loopback port is fine (RFC 8252 §7.3).
    const otherPort = await browser.request(
      authorizeUrl(pkce, { redirect_uri: 'http://127.0.0.1:1234/callback' }),
    );
    expect(otherPort.headers.get('location')).toMatch(/^\/interaction\//);
  });

  it('never accepts the same TOTP code twice, nor one two steps old', async () => {
    const { password, secret } = await makeUser('replay');
    const now = Date.now();
    await login(platform, 'replay', password, secret, now);
    const { browser, interaction } = await beginLogin(platform);
    await browser.post(`${interaction}/password`, { username: 'replay', password });
    const replayed = await browser.post(`${interaction}/totp`, { code: currentTotp(secret, now) });
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toContain('data-error="wrongCode"');
    // Two steps of drift are too many (RFC 6238 §5.2 allows one).
    const stale = await browser.post(`${interaction}/totp`, {
      code: currentTotp(secret, now - 60_000),
    });
    expect(stale.status).toBe(401);
    // The next time step's code is still good (one step of drift).
    const next = await browser.post(`${interaction}/totp`, {
      code: currentTotp(secret, now + 30_000),
    });
    expect(next.status).toBe(303);
  });

  it('locks the account after repeated failures, even for the right password, and across a restart of the store', async () => {
    const { password } = await makeUser('lockme');
    const { browser, interaction } = await beginLogin(platform);
    expect(
      (await browser.post(`${interaction}/password`, { username: 'lockme', password: 'wrong-1' }))
        .status,
    ).toBe(401);
    expect(
      (await browser.post(`${interaction}/password`, { username: 'lockme', password: 'wrong-2' }))
        .status,
    ).toBe(401);
    const third = await browser.post(`${interaction}/password`, {
      username: 'lockme',
      password: 'wrong-3',
    });
    expect(third.status).toBe(423);
    const right = await browser.post(`${interaction}/password`, { username: 'lockme', password });
    expect(right.status).toBe(423);
    expect(await right.text()).toContain('data-error="locked"');
    expect(platform.accounts.byUsername('lockme')!.lockedUntil).toBeGreaterThan(Date.now());
    const reopened = await AccountStore.open(platform.dataDir, { maxFailures: 3, lockMs: 60_000 });
    expect(reopened.isLocked(reopened.byUsername('lockme')!)).toBe(true);
  });

  it('enrols TOTP with a QR code on first login and then issues two-factor tokens', async () => {
    const { password } = await makeUser('newcomer', false);
    const { browser, interaction, pkce } = await beginLogin(platform);
    const afterPassword = await browser.post(`${interaction}/password`, {
      username: 'newcomer',
      password,
      lang: 'en',
    });
    const page = await (await browser.request(afterPassword.headers.get('location')!)).text();
    expect(page).toContain('data-step="enrol"');
    expect(page).toContain('src="data:image/png;base64,');
    expect(page).toContain('Set up two-factor authentication');
    const secret = /data-totp-secret>([A-Z2-7]+)</.exec(page)![1]!;
    const done = await browser.post(`${interaction}/enrol`, { code: currentTotp(secret) });
    const tokens = await exchangeCode(platform, await followToCode(browser, done), pkce);
    expect(claimsOf(tokens.access_token).amr).toEqual(['pwd', 'otp']);
    expect(platform.accounts.byUsername('newcomer')!.totp!.confirmed).toBe(true);
  });

  it('shows the login page in Japanese by default and in English when asked', async () => {
    const { browser, interaction } = await beginLogin(platform);
    expect(await (await browser.request(interaction)).text()).toContain('<html lang="ja">');
    expect(
      await (
        await browser.request(interaction, { headers: { 'accept-language': 'en-US,en' } })
      ).text(),
    ).toContain('User name');
  });

  it('keeps refresh tokens across a restart of the platform on the same address', async () => {
    const first = await startTestPlatform();
    const port = Number(new URL(first.url).port);
    await first.accounts.create({
      username: 'restart',
      name: 'restart',
      role: 'doctor',
      password: 'restart-password',
      totpSecret: 'JBSWY3DPEHPK3PXP',
    });
    const tokens = await login(first, 'restart', 'restart-password', 'JBSWY3DPEHPK3PXP');
    await first.close();
    const second = await startTestPlatform({ dataDir: first.dataDir, port });
    try {
      const refreshed = await fetch(`${second.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token!,
          client_id: 'mitate-desktop',
        }),
      });
      expect(refreshed.status).toBe(200);
      expect(
        claimsOf(((await refreshed.json()) as { access_token: string }).access_token).amr,
      ).toEqual(['pwd', 'otp']);
    } finally {
      await second.close();
    }
  });

  it('seeds the demo doctor and radiologist once, and they can log in', async () => {
    const seeded = await startTestPlatform({ seedDemoUsers: true });
    try {
      expect(seeded.demoUsers.map((user) => user.role)).toEqual(['doctor', 'radiologist']);
      const doctor = seeded.demoUsers[0]!;
      const tokens = await login(seeded, doctor.username, doctor.password, doctor.totpSecret);
      expect(claimsOf(tokens.id_token).mitate_role ?? 'doctor').toBe('doctor');
    } finally {
      await seeded.close();
    }
  });
});
