/**
 * A server that takes the platform's place on its loopback address after the real platform was
 * stopped, the way an attacker on the path (or a broken mirror) would answer: it serves the
 * catalog and keys a test gives it, and records the requests it got. Real HTTP, no mock.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';

export interface ImpostorAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface PlatformImpostor {
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startImpostor(
  port: number,
  routes: Record<string, () => ImpostorAnswer>,
): Promise<PlatformImpostor> {
  const requests: PlatformImpostor['requests'] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ path, headers: req.headers });
    const answer = routes[path]?.() ?? { status: 404 };
    // No keep-alive: the next impostor on this port must get a fresh connection.
    res.writeHead(answer.status, { ...answer.headers, connection: 'close' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same JWS with one word of its payload changed and the original signature kept. */
export function tamperedCatalog(jws: string): string {
  const [header, payload, signature] = jws.split('.');
  const text = Buffer.from(payload!, 'base64url').toString('utf8');
  const changed = text.replace(/"minSlices":100/, '"minSlices":1');
  if (changed === text) throw new Error('nothing to tamper with');
  return `${header}.${Buffer.from(changed).toString('base64url')}.${signature}`;
}

/** The same payload signed, validly, by a key of the impostor's own, published in its own JWKS. */
export async function catalogSignedByImpostor(jws: string): Promise<{ jws: string; jwks: string }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const payload = Buffer.from(jws.split('.')[1]!, 'base64url');
  const signed = await new CompactSign(payload)
    .setProtectedHeader({ alg: 'ES256', kid: 'impostor', typ: 'mitate-catalog+jws', cty: 'json' })
    .sign(privateKey);
  return {
    jws: signed,
    jwks: JSON.stringify({
      keys: [{ ...(await exportJWK(publicKey)), kid: 'impostor', use: 'sig', alg: 'ES256' }],
    }),
  };
}
