/**
 * Plays the system browser over plain HTTP for unit tests: a cookie jar, the platform's login
 * form posts (password, then the TOTP code), and the redirects back to the app's loopback URI.
 * The e2e tests use a real Chromium page instead.
 */
export class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line))
        this.cookies.delete(pair.slice(0, index));
      else this.cookies.set(pair.slice(0, index), value);
    }
    return response;
  }

  post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Follows 302/303 redirects; returns the last response (its `url` is where it landed). */
  async follow(response: Response, base: string): Promise<Response> {
    let current = response;
    for (let hops = 0; hops < 8 && (current.status === 302 || current.status === 303); hops += 1) {
      current = await this.request(new URL(current.headers.get('location')!, base).href);
    }
    return current;
  }
}

/** The whole login on the platform's pages; returns the final response (the app's loopback page on success). */
export async function signInThroughPages(
  authorizationUrl: string,
  base: string,
  username: string,
  password: string,
  code: string,
): Promise<Response> {
  const browser = new CookieBrowser();
  const start = await browser.request(authorizationUrl);
  const interaction = new URL(start.headers.get('location') ?? '', base).href;
  await browser.post(`${interaction}/password`, { username, password });
  return browser.follow(await browser.post(`${interaction}/totp`, { code }), base);
}
