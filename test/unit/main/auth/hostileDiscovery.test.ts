/**
 * A hostile platform answers OpenID discovery with a body that never ends. openid-client reads
 * it through the app's bounded fetch, so discovery fails at the login limit with an error the
 * app reports as `platform_response_too_large`, instead of reading until memory runs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverPlatform } from '../../../../main/auth/platformLogin.js';
import { isResponseTooLarge, RESPONSE_LIMITS } from '../../../../main/net/index.js';
import { startHostilePlatform, type HostilePlatform } from '../../../support/hostilePlatform.js';

let platform: HostilePlatform;
beforeAll(async () => {
  platform = await startHostilePlatform((_request, _response, endless) =>
    endless('application/json'),
  );
});
afterAll(() => platform.close());

describe('an endless discovery document', () => {
  it('stops at the login limit with a too-large error', async () => {
    const error = await discoverPlatform(platform.url, false).catch((caught: unknown) => caught);
    expect(isResponseTooLarge(error)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(platform.endlessBytesSent()).toBeLessThan(RESPONSE_LIMITS.login + 8 * 1024 * 1024);
  });
});
