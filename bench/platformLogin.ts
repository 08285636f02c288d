// Signs in to a spawned `mitate-platform serve` as a doctor would: the demo user it prints once on
// stderr, the authorization code flow with PKCE through its real login pages (password, then the
// TOTP code an authenticator app would show), and the code exchanged for tokens. The access token
// so names a real grant in the provider's store, which the platform's bearer check requires.
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';

const REDIRECT_URI = 'http://127.0.0.1/callback';

export interface DemoUser {
  username: string;
  password: string;
  totpSecret: string;
}

/** Reads `serve`'s stderr until it has named its demo doctor (first start of a fresh folder). */
export function demoDoctor(stderr: Readable): Promise<DemoUser> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const found =
        /Demo doctor \(shown once\): user "([^"]+)", password "([^"]+)", TOTP secret ([A-Z2-7]+)/.exec(
          text,
        );
      if (found === null) return;
      stderr.off('data', onData);
      stderr.resume(); // keep draining so the child never blocks on a full pipe
      resolve({ username: found[1]!, password: found[2]!, totpSecret: found[3]! });
    };
    stderr.on('data', onData);
    stderr.once('end', () => reject(new Error('the platform named no demo doctor')));
  });
}

/** Logs in through the platform's pages; resolves with the access token for its DICOMweb API. */
export async function signIn(base: string, user: DemoUser): Promise<string> {
  const cookies = new Map<string, string>();
  const request = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const headers = new Headers();
    if (cookies.size > 0)
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    if (form !== undefined) headers.set('content-type', 'application/x-www-form-urlencoded');
    const response = await fetch(new URL(url, base), {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      body: form === undefined ? undefined : new URLSearchParams(form),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  };
  const location = (response: Response): string => {
    const to = response.headers.get('location');
    if (to === null) throw new Error(`login step answered ${response.status}, no redirect`);
    return to;
  };

  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URLSearchParams({
    client_id: 'mitate-desktop',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile dicomweb',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  });
  const interaction = new URL(location(await request(`/auth?${authorize}`)), base).pathname;
  await request(`${interaction}/password`, { username: user.username, password: user.password });
  const code = new TOTP({ secret: Secret.fromBase32(user.totpSecret) }).generate();
  let current = await request(`${interaction}/totp`, { code });
  for (let hops = 0; !location(current).startsWith(REDIRECT_URI); hops++) {
    if (hops === 5) throw new Error('the login never returned to the app');
    current = await request(location(current));
  }
  const authorizationCode = new URL(location(current)).searchParams.get('code');
  if (authorizationCode === null) throw new Error('the login returned no code');
  const tokens = await fetch(new URL('/token', base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: authorizationCode,
      redirect_uri: REDIRECT_URI,
      client_id: 'mitate-desktop',
      code_verifier: verifier,
    }),
  });
  if (tokens.status !== 200) throw new Error(`the token endpoint answered ${tokens.status}`);
  return ((await tokens.json()) as { access_token: string }).access_token;
}
