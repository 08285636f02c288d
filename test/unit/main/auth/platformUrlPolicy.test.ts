import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { beginAuthorization, discoverPlatform } from '../../../../main/auth/platformLogin.js';
import { isPackagedApp, platformUrlProblem } from '../../../../main/auth/platformUrlPolicy.js';
import { en } from '../../../../renderer/i18n/en.js';
import { ja } from '../../../../renderer/i18n/ja.js';

/**
 * A planted or mistyped `http://` platform address (MITATE_PLATFORM_URL, a policy file) would send
 * the login and its tokens over the network in clear. A packaged app takes https, or http on this
 * machine's loopback only; a development build takes any http.
 */
describe('platform URL policy', () => {
  const loopback = [
    'http://127.0.0.1:8080',
    'http://127.5.6.7/',
    'http://[::1]:3000',
    'http://localhost:1',
    'http://LOCALHOST',
  ];
  const remoteHttp = [
    'http://platform.example',
    'http://10.0.0.5:8080',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example',
    'http://[::ffff:7f00:1]',
    'http://[2001:db8::1]',
  ];
  const invalid = [
    'not a url',
    'ftp://platform.example',
    'file:///etc/passwd',
    'https://user:secret@platform.example',
    'http://user@127.0.0.1',
  ];

  it('in a packaged app takes https and loopback http only', () => {
    expect(platformUrlProblem('https://platform.example/path', true)).toBeUndefined();
    for (const url of loopback) expect(platformUrlProblem(url, true), url).toBeUndefined();
    for (const url of remoteHttp)
      expect(platformUrlProblem(url, true), url).toBe('platform_url_insecure');
    for (const url of invalid)
      expect(platformUrlProblem(url, true), url).toBe('platform_url_invalid');
  });

  it('in a development build also takes http off this machine, but never credentials or other schemes', () => {
    expect(platformUrlProblem('https://platform.example', false)).toBeUndefined();
    for (const url of [...loopback, ...remoteHttp])
      expect(platformUrlProblem(url, false), url).toBeUndefined();
    for (const url of invalid)
      expect(platformUrlProblem(url, false), url).toBe('platform_url_invalid');
  });

  it('counts plain Node (dev host, tests) as not packaged', () => {
    expect(isPackagedApp()).toBe(false);
  });

  it('stops the login before any request, with an error code the app explains in both languages', async () => {
    await expect(discoverPlatform('http://platform.example', true)).rejects.toMatchObject({
      name: 'HandlerError',
      code: 'platform_url_insecure',
    });
    await expect(discoverPlatform('https://user:pw@platform.example', false)).rejects.toMatchObject(
      { code: 'platform_url_invalid' },
    );
    // A loopback platform (plain http allowed) whose discovery sends the login page to http elsewhere.
    const config = new client.Configuration(
      { issuer: 'http://127.0.0.1:4000', authorization_endpoint: 'http://platform.example/auth' },
      'mitate-desktop',
    );
    client.allowInsecureRequests(config);
    await expect(
      beginAuthorization(config, 'http://127.0.0.1:5000/callback', false, true),
    ).rejects.toMatchObject({ code: 'platform_url_insecure' });
    expect(
      (await beginAuthorization(config, 'http://127.0.0.1:5000/callback', false, false)).url
        .protocol,
    ).toBe('http:');
    expect(ja.error.platform_url_insecure).toContain('https');
    expect(en.error.platform_url_insecure).toContain('https');
    expect(en.error.platform_url_invalid).toBeTruthy();
  });
});
