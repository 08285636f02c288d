import { createHash } from 'node:crypto';
import { CompactSign, importJWK, type JWK } from 'jose';
import { publicJwk } from '../state/index.js';
import type { Route } from '../http/index.js';
import { catalogServiceSchema, type CatalogService } from './serviceCatalog.js';

/**
 * `GET /api/catalog`: the catalog as a compact JWS (RFC 7515) signed with ES256, so a client
 * that cached it offline can still prove it came from this platform. The payload carries the
 * issuer and issue time; the key is published at `/.well-known/jwks.json` under its `kid`.
 * A strong ETag (hash of the JWS) lets clients revalidate with If-None-Match and get 304
 * (RFC 9110 §13.1.2).
 */
export const CATALOG_JWS_TYPE = 'mitate-catalog+jws';

export interface SignedCatalog {
  jws: string;
  etag: string;
}

export async function signCatalog(
  services: CatalogService[],
  issuer: string,
  signingKey: JWK,
): Promise<SignedCatalog> {
  const checked = services.map((service) => catalogServiceSchema.parse(service));
  const payload = { iss: issuer, iat: Math.floor(Date.now() / 1000), services: checked };
  const key = await importJWK(signingKey, 'ES256');
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid, typ: CATALOG_JWS_TYPE, cty: 'json' })
    .sign(key);
  return { jws, etag: `"${createHash('sha256').update(jws).digest('base64url')}"` };
}

/** True when an If-None-Match header names this ETag (weak comparison, RFC 9110 §13.1.2). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export function catalogRoutes(catalog: SignedCatalog, catalogKey: JWK): Route {
  const jwks = JSON.stringify({ keys: [publicJwk(catalogKey)] });
  return async ({ req, res, url }) => {
    if (url.pathname === '/.well-known/jwks.json' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'application/jwk-set+json',
        'cache-control': 'public, max-age=3600',
      });
      res.end(jwks);
      return true;
    }
    if (url.pathname !== '/api/catalog' || (req.method !== 'GET' && req.method !== 'HEAD'))
      return false;
    const headers = { etag: catalog.etag, 'cache-control': 'no-cache' };
    if (matches(req.headers['if-none-match'], catalog.etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-type': 'application/jose' });
    res.end(req.method === 'HEAD' ? undefined : catalog.jws);
    return true;
  };
}
