import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionText } from '../../identity/interactionText.js';
import type { Platform } from '../../server/startPlatform.js';
import { authorizeUrl, Browser, newPkce, startTestPlatform } from '../support/platformHarness.js';

/**
 * The login pages speak the language the app asks for with `ui_locales` (OIDC Core §3.1.2.1),
 * over the browser's Accept-Language; a choice made on the page (`lang`) still wins, and without
 * `ui_locales` the browser's preference decides as before.
 */
let platform: Platform;

beforeAll(async () => {
  platform = await startTestPlatform({ publicHost: 'localhost' });
});
afterAll(async () => platform.close());

async function loginPage(
  extra: Record<string, string>,
  acceptLanguage: string,
  query = '',
): Promise<string> {
  const browser = new Browser(platform.url);
  const headers = { 'accept-language': acceptLanguage };
  const start = await browser.request(authorizeUrl(newPkce(), extra), { headers });
  expect(start.status).toBe(303);
  const page = await browser.request(`${start.headers.get('location')!}${query}`, { headers });
  expect(page.status).toBe(200);
  return page.text();
}

describe('the login pages follow the app’s language', () => {
  it('ui_locales=ja gives the Japanese page to an English browser, ui_locales=en the English one', async () => {
    const ja = await loginPage({ ui_locales: 'ja' }, 'en-US,en;q=0.9');
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('<h2>ログイン</h2>');
    const en = await loginPage({ ui_locales: 'en-GB ja' }, 'ja');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h2>Sign in</h2>');
  });

  it('a language chosen on the page wins; without ui_locales the browser decides', async () => {
    expect(await loginPage({ ui_locales: 'ja' }, 'ja', '?lang=en')).toContain('<html lang="en">');
    expect(await loginPage({}, 'en-US')).toContain('<html lang="en">');
    expect(await loginPage({ ui_locales: 'fr de' }, 'ja')).toContain('<html lang="ja">');
  });

  it('discovery lists the languages of the pages', async () => {
    const discovery = (await (
      await fetch(`${platform.url}/.well-known/openid-configuration`)
    ).json()) as { ui_locales_supported?: string[] };
    expect(discovery.ui_locales_supported).toEqual(['ja', 'en']);
  });
});

describe('the Japanese login pages', () => {
  it('say ログイン as the app does, with full-width parentheses and spaced Latin words', () => {
    const texts = Object.values(interactionText.ja);
    expect(texts.filter((text) => /サインイン|[()]/.test(text))).toEqual([]);
    const tight =
      /[A-Za-z0-9][\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff]|[\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff][A-Za-z0-9]/;
    expect(texts.filter((text) => tight.test(text))).toEqual([]);
  });
});
