import { CompactSign, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { HttpError, readJson, type Route } from '../http/index.js';
import type { BearerCheck } from '../identity/index.js';

/**
 * `POST /api/audit/anchors`: countersigns a workstation's audit chain head, in the manner of an
 * RFC 3161 time-stamp: the answer is a compact JWS (ES256, the key published at
 * `/.well-known/jwks.json`) over {head hash, record count, the platform's time}. The workstation
 * keeps it; later, cutting records from its log below that count, or rewriting them, shows
 * against a signature only the platform can make. Only the hash travels, never a record.
 */
export const RECEIPT_JWS_TYPE = 'mitate-audit-receipt+jws';

const AnchorRequest = z.object({
  head: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export function auditAnchorRoute(authorize: BearerCheck, issuer: string, signingKey: JWK): Route {
  const key = importJWK(signingKey, 'ES256');
  return async ({ req, res, url }) => {
    if (url.pathname !== '/api/audit/anchors') return false;
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', { allow: 'POST' });
    const caller = await authorize(req);
    const parsed = AnchorRequest.safeParse(await readJson(req, 4096));
    if (!parsed.success) throw new HttpError(400, 'invalid_anchor');
    const now = new Date();
    const payload = {
      iss: issuer,
      sub: caller.subject,
      head: parsed.data.head,
      count: parsed.data.count,
      time: now.toISOString(),
      iat: Math.floor(now.getTime() / 1000),
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid, typ: RECEIPT_JWS_TYPE, cty: 'json' })
      .sign(await key);
    res.writeHead(201, { 'content-type': 'application/jose', 'cache-control': 'no-store' });
    res.end(jws);
    return true;
  };
}
