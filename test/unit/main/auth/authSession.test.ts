/**
 * The main-process login against the real reference platform over real HTTP: discovery, the
 * authorization code flow with PKCE through the platform's real password and TOTP pages (driven
 * with plain HTTP as a browser would, the code computed from the account's secret), the one-shot
 * loopback redirect, tokens in the real OS keychain, resume, silent refresh, logout and revocation.
 * Keychain parts run inside test/support/with-keyring.sh (MITATE_TEST_KEYRING=1).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthStatus } from '../../../../preload/contract/index.js';
import { AuthSession } from '../../../../main/auth/authSession.js';
import { SessionSecretStore, sessionSecretName } from '../../../../main/auth/sessionSecret.js';
import { memoryKeychain, osKeychain, type Keychain } from '../../../../main/keychain/keychain.js';
import {
  startOneFactorProvider,
  type OneFactorProvider,
} from '../../../support/oneFactorProvider.js';
import { CookieBrowser, signInThroughPages } from '../../../support/loginPages.js';
import { startTestPlatform, type TestPlatform } from '../../../support/testPlatform.js';
import { totpCode } from '../../../support/totpCode.js';

const realKeyring = process.env['MITATE_TEST_KEYRING'] === '1';
let platform: TestPlatform;
let oneFactor: OneFactorProvider;
// Its own keychain service, so this file never meets another test's entries.
const keychain: Keychain = realKeyring
  ? osKeychain(`Mitate-test-auth-${process.pid}`)
  : memoryKeychain();

beforeAll(async () => {
  [platform, oneFactor] = await Promise.all([
    startTestPlatform({ accessTokenTtlSeconds: 63 }),
    startOneFactorProvider(),
  ]);
});
afterAll(async () => Promise.all([platform.close(), oneFactor.close()]));

const makeUser = (username: string): ReturnType<TestPlatform['addUser']> =>
  platform.addUser(username);

interface Harness {
  session: AuthSession;
  statuses: AuthStatus[];
  next(predicate: (status: AuthStatus) => boolean): Promise<AuthStatus>;
}

async function newSession(platformUrl: string, idleLockSeconds = 900): Promise<Harness> {
  const statuses: AuthStatus[] = [];
  const waiters: {
    predicate: (status: AuthStatus) => boolean;
    resolve(status: AuthStatus): void;
  }[] = [];
  const session = new AuthSession({
    platformUrl,
    secrets: await SessionSecretStore.open(keychain),
    idleLockSeconds,
    onChange(status) {
      statuses.push(status);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(status)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(status);
        }
      }
    },
  });
  const next = (predicate: (status: AuthStatus) => boolean): Promise<AuthStatus> =>
    new Promise((resolve) => waiters.push({ predicate, resolve }));
  return { session, statuses, next };
}

describe(`login with password and TOTP${realKeyring ? ' (real gnome-keyring)' : ' (memory keychain: run inside with-keyring.sh for the real one)'}`, () => {
  it('signs in through the loopback redirect, keeps the refresh token in the keychain, resumes, refreshes and logs out', async () => {
    const { password, secret } = await makeUser('kenji');
    const first = await newSession(platform.url);
    expect(first.session.status()).toMatchObject({ state: 'signed-out', tokenStore: 'keychain' });
    const { url, openedByHost } = await first.session.beginLogin();
    expect(openedByHost).toBe(false);
    const authorize = new URL(url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const redirect = new URL(authorize.searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(Number(redirect.port)).toBeGreaterThan(0);

    const signedIn = first.next((status) => status.state === 'signed-in');
    const landing = await signInThroughPages(
      url,
      platform.url,
      'kenji',
      password,
      totpCode(secret),
    );
    expect(landing.status).toBe(200);
    expect(landing.url.startsWith(redirect.origin)).toBe(true);
    const status = await signedIn;
    expect(status.user).toMatchObject({ name: 'Dr kenji', username: 'kenji', amr: ['pwd', 'otp'] });
    expect(Date.now() - Date.parse(status.user!.loginAt)).toBeLessThan(60_000);
    expect(first.session.accessToken()).toBeTruthy();
    // A second login would replace the user without a word: refused until sign-out (or the lock).
    await expect(first.session.beginLogin()).rejects.toMatchObject({
      code: 'invalid_request',
      detail: 'already_signed_in',
    });

    // The listener took one response and closed (RFC 8252 §7.3).
    await expect(fetch(redirect.href)).rejects.toThrow();

    const stored = JSON.parse((await keychain.get(sessionSecretName(platform.url)))!) as {
      refreshToken: string;
      user: { subject: string };
    };
    expect(stored.refreshToken.length).toBeGreaterThan(20);
    expect(stored.user.subject).toBe(status.user!.subject);
    expect(JSON.stringify(stored)).not.toContain(first.session.accessToken()!);

    // A restart: a new session object resumes from the keychain and refreshes at once.
    first.session.close();
    const second = await newSession(platform.url);
    await second.session.resume();
    expect(second.session.status()).toMatchObject({
      state: 'signed-in',
      offline: false,
      user: { subject: status.user!.subject },
    });
    const resumedToken = second.session.accessToken();
    expect(resumedToken).toBeTruthy();
    // The platform rotates refresh tokens: the keychain now holds the new one.
    const afterResume = JSON.parse((await keychain.get(sessionSecretName(platform.url)))!) as {
      refreshToken: string;
    };
    expect(afterResume.refreshToken).not.toBe(stored.refreshToken);

    // Silent refresh a minute before expiry (the platform here issues 63 s tokens: after ~3 s).
    await vi.waitFor(() => expect(second.session.accessToken()).not.toBe(resumedToken), {
      timeout: 10_000,
      interval: 250,
    });
    await vi.waitFor(async () => {
      const now = JSON.parse((await keychain.get(sessionSecretName(platform.url)))!) as {
        refreshToken: string;
      };
      expect(now.refreshToken).not.toBe(afterResume.refreshToken);
    });
    const rotated = JSON.parse((await keychain.get(sessionSecretName(platform.url)))!) as {
      refreshToken: string;
    };

    // Logout revokes the refresh token and empties the keychain entry.
    const out = await second.session.logout();
    expect(out.state).toBe('signed-out');
    expect(await keychain.get(sessionSecretName(platform.url))).toBeUndefined();
    const refreshAfterLogout = await fetch(`${platform.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: rotated.refreshToken,
        client_id: 'mitate-desktop',
      }),
    });
    expect(refreshAfterLogout.status).toBe(400);
    second.session.close();
  });

  it('refuses tokens from a provider that signed the user in with one factor, and stores nothing', async () => {
    const harness = await newSession(oneFactor.url);
    const { url } = await harness.session.beginLogin();
    const failed = harness.next((status) => status.lastError !== undefined);
    const browser = new CookieBrowser();
    await browser.follow(await browser.request(url), oneFactor.url);
    const status = await failed;
    expect(status).toMatchObject({ state: 'signed-out', lastError: 'auth_single_factor' });
    expect(status.user).toBeUndefined();
    expect(harness.session.accessToken()).toBeUndefined();
    expect(await keychain.get(sessionSecretName(oneFactor.url))).toBeUndefined();
    harness.session.close();
  });

  it('locks after the idle time and unlocks only with a fresh login of the same user', async () => {
    const { password, secret } = await makeUser('aiko');
    const harness = await newSession(platform.url, 1);
    const { url } = await harness.session.beginLogin();
    const signedIn = harness.next((status) => status.state === 'signed-in');
    await signInThroughPages(url, platform.url, 'aiko', password, totpCode(secret));
    await signedIn;
    const locked = await harness.next((status) => status.locked);
    expect(locked.user?.username).toBe('aiko');

    // The unlock asks the provider for a new login even though its session cookie is valid.
    const unlock = new URL((await harness.session.beginLogin()).url);
    expect(unlock.searchParams.get('prompt')).toBe('login');
    expect(unlock.searchParams.get('max_age')).toBe('0');
    const unlocked = harness.next((status) => status.state === 'signed-in' && !status.locked);
    // The code of the next time step: the one just used is never accepted twice (RFC 6238 §5.2).
    await signInThroughPages(
      unlock.href,
      platform.url,
      'aiko',
      password,
      totpCode(secret, Date.now() + 30_000),
    );
    expect((await unlocked).user?.username).toBe('aiko');
    await harness.session.logout();
    harness.session.close();
  });
});
