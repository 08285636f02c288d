import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp, newTotpSecret } from '../../identity/totpFactor.js';
import type { Platform } from '../../server/startPlatform.js';
import { beginLogin, login, startTestPlatform, type Browser } from '../support/platformHarness.js';

/**
 * The attacker holds the password (phished, reused elsewhere) and guesses the TOTP code through
 * the real login pages over HTTP. Typing the correct password between guesses must not give
 * them fresh guesses: only a full login (both factors) forgives failures.
 */
let platform: Platform;

beforeAll(async () => {
  platform = await startTestPlatform({
    publicHost: 'localhost',
    lockout: { maxFailures: 3, lockMs: 60_000 },
  });
});
afterAll(async () => platform.close());

async function makeUser(username: string): Promise<{ password: string; secret: string }> {
  const password = `pw-${username}`;
  const secret = newTotpSecret();
  await platform.accounts.create({
    username,
    name: username,
    role: 'doctor',
    password,
    totpSecret: secret,
  });
  return { password, secret };
}

/** A code that is not the account's current, previous or next one. */
function wrongCode(secret: string): string {
  const near = new Set(
    [-30_000, 0, 30_000].map((offset) => currentTotp(secret, Date.now() + offset)),
  );
  for (let value = 0; ; value += 1) {
    const code = String(value).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** One guess at the code after typing the correct password, in a new interaction each time. */
async function passwordThenGuess(
  username: string,
  password: string,
  code: string,
  lang = 'ja',
): Promise<{ response: Response; browser: Browser; interaction: string }> {
  const { browser, interaction } = await beginLogin(platform);
  const afterPassword = await browser.post(`${interaction}/password`, { username, password, lang });
  expect(afterPassword.status).toBe(303);
  const response = await browser.post(`${interaction}/totp`, { code, lang });
  return { response, browser, interaction };
}

describe('login lockout against a password holder guessing the second factor', () => {
  it('locks after three wrong codes even with the correct password typed before each one', async () => {
    const { password, secret } = await makeUser('guessed');
    const code = wrongCode(secret);
    expect((await passwordThenGuess('guessed', password, code)).response.status).toBe(401);
    expect((await passwordThenGuess('guessed', password, code)).response.status).toBe(401);
    // A second window that passed the password before the lock.
    const waiting = await beginLogin(platform);
    expect(
      (
        await waiting.browser.post(`${waiting.interaction}/password`, {
          username: 'guessed',
          password,
        })
      ).status,
    ).toBe(303);
    const third = await passwordThenGuess('guessed', password, code);
    expect(third.response.status).toBe(423);
    const retryAfter = Number(third.response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The page says when, in the page's language (Japanese by default).
    const page = await third.response.text();
    expect(page).toContain('data-error="locked"');
    expect(page).toContain('1 分後にもう一度お試しください');

    // That window now shows the lock too, not the code form.
    const waitingPage = await waiting.browser.request(`${waiting.interaction}?lang=en`);
    expect(waitingPage.status).toBe(423);
    expect(await waitingPage.text()).toContain('data-retry-after=');
    expect(
      (await waiting.browser.post(`${waiting.interaction}/totp`, { code: currentTotp(secret) }))
        .status,
    ).toBe(423);

    // Locked: neither the password nor the right code gets through now.
    const { browser, interaction } = await beginLogin(platform);
    const again = await browser.post(`${interaction}/password`, {
      username: 'guessed',
      password,
      lang: 'en',
    });
    expect(again.status).toBe(423);
    expect(await again.text()).toContain('Please try again in 1 min.');
  });

  it('doubles the lock each time it comes back, until a full login', async () => {
    const quick = await startTestPlatform({ lockout: { maxFailures: 2, lockMs: 1000 } });
    try {
      const password = 'pw-backoff';
      const secret = newTotpSecret();
      await quick.accounts.create({
        username: 'backoff',
        name: 'backoff',
        role: 'doctor',
        password,
        totpSecret: secret,
      });
      const guess = async (): Promise<Response> => {
        const { browser, interaction } = await beginLogin(quick);
        expect(
          (await browser.post(`${interaction}/password`, { username: 'backoff', password })).status,
        ).toBe(303);
        return browser.post(`${interaction}/totp`, { code: wrongCode(secret) });
      };
      expect((await guess()).status).toBe(401);
      const first = await guess();
      expect(first.status).toBe(423);
      expect(Number(first.headers.get('retry-after'))).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await guess()).status).toBe(401);
      const second = await guess();
      expect(second.status).toBe(423);
      expect(Number(second.headers.get('retry-after'))).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      // A full login forgives: the next lock is back to the first length.
      await login(quick, 'backoff', password, secret);
      expect(quick.accounts.byUsername('backoff')!.lockouts).toBe(0);
      expect((await guess()).status).toBe(401);
      const third = await guess();
      expect(Number(third.headers.get('retry-after'))).toBe(1);
    } finally {
      await quick.close();
    }
  });

  it('counts failures of all factors together for the account', async () => {
    const mixed = await startTestPlatform({
      lockout: { maxFailures: 3, maxAccountFailures: 4, lockMs: 60_000 },
    });
    try {
      const password = 'pw-mixed';
      const secret = newTotpSecret();
      await mixed.accounts.create({
        username: 'mixed',
        name: 'mixed',
        role: 'doctor',
        password,
        totpSecret: secret,
      });
      const { browser, interaction } = await beginLogin(mixed);
      expect(
        (await browser.post(`${interaction}/password`, { username: 'mixed', password: 'wrong-1' }))
          .status,
      ).toBe(401);
      expect(
        (await browser.post(`${interaction}/password`, { username: 'mixed', password: 'wrong-2' }))
          .status,
      ).toBe(401);
      expect(
        (await browser.post(`${interaction}/password`, { username: 'mixed', password })).status,
      ).toBe(303);
      expect((await browser.post(`${interaction}/totp`, { code: wrongCode(secret) })).status).toBe(
        401,
      );
      // Two of each factor, four in all: the account's limit.
      expect((await browser.post(`${interaction}/totp`, { code: wrongCode(secret) })).status).toBe(
        423,
      );
    } finally {
      await mixed.close();
    }
  });

  it('forgives earlier failures only after both factors pass', async () => {
    const { password, secret } = await makeUser('forgiven');
    expect((await passwordThenGuess('forgiven', password, wrongCode(secret))).response.status).toBe(
      401,
    );
    expect((await passwordThenGuess('forgiven', password, wrongCode(secret))).response.status).toBe(
      401,
    );
    await login(platform, 'forgiven', password, secret);
    const account = platform.accounts.byUsername('forgiven')!;
    expect(account.factorFailures.otp).toBe(0);
    expect((await passwordThenGuess('forgiven', password, wrongCode(secret))).response.status).toBe(
      401,
    );
    expect((await passwordThenGuess('forgiven', password, wrongCode(secret))).response.status).toBe(
      401,
    );
  });

  it('does not let the password alone add a passkey or a new TOTP secret beside an existing TOTP', async () => {
    const { password, secret } = await makeUser('holder');
    const { browser, interaction } = await beginLogin(platform);
    expect(
      (await browser.post(`${interaction}/password`, { username: 'holder', password })).status,
    ).toBe(303);
    expect(
      (await browser.request(`${interaction}/passkey/options`, { method: 'POST' })).status,
    ).toBe(403);
    expect(
      (
        await browser.request(`${interaction}/passkey/verify`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(403);
    const attackerSecret = newTotpSecret();
    expect(
      (await browser.post(`${interaction}/enrol`, { code: currentTotp(attackerSecret) })).status,
    ).toBe(401);
    expect(platform.accounts.byUsername('holder')!.totp!.secret).toBe(secret);
    expect(platform.accounts.byUsername('holder')!.webauthn).toHaveLength(0);
    // The store refuses it too, whatever a future page might ask.
    const holder = platform.accounts.byUsername('holder')!;
    await expect(platform.accounts.beginTotpEnrolment(holder, attackerSecret)).rejects.toThrow(
      /already has a second factor/,
    );
    await expect(
      platform.accounts.addWebAuthnCredential(holder, {
        id: 'x',
        publicKey: 'x',
        counter: 0,
        transports: [],
      }),
    ).rejects.toThrow(/already has a second factor/);
    expect(holder.totp!.secret).toBe(secret);
  });
});
