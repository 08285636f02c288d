import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Platform } from '../../server/startPlatform.js';
import {
  beginLogin,
  exchangeCode,
  followToCode,
  login,
  startTestPlatform,
  type Tokens,
} from '../support/platformHarness.js';
import { currentTotp } from '../../identity/totpFactor.js';

/**
 * Someone holds an access token the user meant to end: the user logged out, or the app revoked
 * its tokens (RFC 7009). Access tokens are JWTs the platform verifies locally, so without a
 * revocation check they kept working until they expired, five minutes later. Every call here
 * goes over HTTP (or WebSocket) to the real platform.
 */
const SECRET = 'JBSWY3DPEHPK3PXP';
let platform: Platform;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => platform.close());

/**
 * A TOTP code is never accepted twice, so one account logs in at most twice in a time step (with
 * the current code, then the next step's): each test signs in its own user.
 */
const logins = new Map<string, number>();
async function freshLogin(username: string): Promise<Tokens> {
  const count = logins.get(username) ?? 0;
  if (count === 0)
    await platform.accounts.create({
      username,
      name: username,
      role: 'doctor',
      password: `${username}-password`,
      totpSecret: SECRET,
    });
  logins.set(username, count + 1);
  return login(platform, username, `${username}-password`, SECRET, Date.now() + count * 30_000);
}

function qido(token: string): Promise<Response> {
  return fetch(`${platform.dicomwebUrl}/studies`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/dicom+json' },
  });
}

function revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<Response> {
  return fetch(`${platform.url}/token/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: 'mitate-desktop' }),
  });
}

describe('revoked access tokens stop working at once', () => {
  it('ends the access token on the next call when its refresh token (the grant) is revoked', async () => {
    const tokens = await freshLogin('grant');
    expect((await qido(tokens.access_token)).status).toBe(200);
    expect((await revoke(tokens.refresh_token!, 'refresh_token')).status).toBe(200);
    const after = await qido(tokens.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('ends the access token itself when it is revoked, and leaves other logins alone', async () => {
    const tokens = await freshLogin('itself');
    const other = await freshLogin('itself');
    expect((await qido(tokens.access_token)).status).toBe(200);
    expect((await revoke(tokens.access_token, 'access_token')).status).toBe(200);
    expect((await qido(tokens.access_token)).status).toBe(401);
    expect((await qido(other.access_token)).status).toBe(200);
    // The revocation survives a restart of the platform (the list is on disk).
    const port = Number(new URL(platform.url).port);
    await platform.close();
    platform = await startTestPlatform({ dataDir: platform.dataDir, port });
    expect((await qido(tokens.access_token)).status).toBe(401);
    expect((await qido(other.access_token)).status).toBe(200);
  });

  it('does not revoke a token for a client it was not issued to, and answers 200 for garbage (RFC 7009 §2.2)', async () => {
    const tokens = await freshLogin('foreign');
    const foreign = await fetch(`${platform.url}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: 'someone-else' }),
    });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect((await qido(tokens.access_token)).status).toBe(200);
    expect((await revoke('eyJhbGciOiJub25lIn0.e30.', 'access_token')).status).toBe(200);
  });

  it('ends the access token when the user logs out at the end-session endpoint', async () => {
    await platform.accounts.create({
      username: 'logout',
      name: 'logout',
      role: 'doctor',
      password: 'logout-password',
      totpSecret: SECRET,
    });
    const { browser, interaction, pkce } = await beginLogin(platform);
    await browser.post(`${interaction}/password`, {
      username: 'logout',
      password: 'logout-password',
    });
    const done = await browser.post(`${interaction}/totp`, { code: currentTotp(SECRET) });
    const tokens = await exchangeCode(platform, await followToCode(browser, done), pkce);
    expect((await qido(tokens.access_token)).status).toBe(200);

    const confirm = await browser.request(
      `/session/end?${new URLSearchParams({ id_token_hint: tokens.id_token, client_id: 'mitate-desktop' })}`,
    );
    const page = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    expect(xsrf).toBeTruthy();
    const ended = await browser.post('/session/end/confirm', { xsrf: xsrf!, logout: 'yes' });
    expect(ended.status).toBeLessThan(400);
    expect((await qido(tokens.access_token)).status).toBe(401);
  });

  it('closes an open UPS event channel at its next report once the token is revoked', async () => {
    const tokens = await freshLogin('listener');
    const other = await freshLogin('listener');
    const api = (token: string, path: string, body: unknown): Promise<Response> =>
      fetch(`${platform.dicomwebUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/dicom+json' },
        body: JSON.stringify(body),
      });
    const created = await api(other.access_token, '/workitems', [
      {
        '00741000': { vr: 'CS', Value: ['SCHEDULED'] },
        '00741200': { vr: 'CS', Value: ['MEDIUM'] },
        '00741204': { vr: 'LO', Value: ['AI task'] },
        '00404018': {
          vr: 'SQ',
          Value: [
            {
              '00080100': { vr: 'SH', Value: ['manual-read'] },
              '00080102': { vr: 'SH', Value: ['99MITATE'] },
              '00080104': { vr: 'LO', Value: ['manual-read'] },
            },
          ],
        },
        '00404021': { vr: 'SQ', Value: [] },
      },
    ]);
    expect(created.status).toBe(201);
    const uid = created.headers.get('content-location')!.split('/').pop()!;
    expect(
      (await api(tokens.access_token, `/workitems/${uid}/subscribers/LEAVER`, undefined)).status,
    ).toBe(201);
    const socket = new WebSocket(
      `${platform.dicomwebUrl.replace('http', 'ws')}/subscribers/LEAVER`,
      { headers: { authorization: `Bearer ${tokens.access_token}` } },
    );
    const reports: string[] = [];
    socket.on('message', (data) => reports.push(data.toString()));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = reports.length;

    expect((await revoke(tokens.refresh_token!, 'refresh_token')).status).toBe(200);
    // The same user, still signed in elsewhere, cancels the item: a report the revoked socket must not get.
    expect(
      (
        await api(other.access_token, `/workitems/${uid}/cancelrequest`, [
          { '00741238': { vr: 'LT', Value: ['not needed'] } },
        ])
      ).status,
    ).toBe(202);
    expect(await closed).toBe(1008);
    expect(reports.length).toBe(before);
  });
});
