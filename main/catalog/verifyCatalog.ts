/**
 * Checks a catalog JWS (RFC 7515 compact serialization, ES256) before anything in it is used:
 * the signing key must be one we trust (its RFC 7638 thumbprint is pinned), the signature must
 * verify, the header must say it is a Mitate catalog, and the payload must name the platform we
 * asked (`iss`) and parse as a catalog.
 */
import {
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
  type JWK,
} from 'jose';
import { z } from 'zod';
import { CatalogService } from '../../preload/contract/index.js';

export const CATALOG_JWS_TYPE = 'mitate-catalog+jws';

const CatalogPayload = z.object({
  iss: z.string(),
  iat: z.number(),
  services: z.array(CatalogService).max(500),
});
export type CatalogPayload = z.infer<typeof CatalogPayload>;

export type CatalogVerdict =
  | { ok: true; payload: CatalogPayload; key: JWK }
  | { ok: false; refused: 'bad_signature' | 'untrusted_key' };

export function keyThumbprint(key: JWK): Promise<string> {
  return calculateJwkThumbprint(key, 'sha256');
}

/** Public members only: a JWKS entry may carry extra fields we must not cache or trust. */
export function publicEcKey(key: JWK): JWK {
  return {
    kty: key.kty,
    crv: key.crv,
    x: key.x,
    y: key.y,
    ...(key.kid === undefined ? {} : { kid: key.kid }),
  };
}

export async function verifyCatalog(
  jws: string,
  keys: JWK[],
  trusted: ReadonlySet<string>,
  issuer: string,
): Promise<CatalogVerdict> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'ES256' || header.typ !== CATALOG_JWS_TYPE)
      return { ok: false, refused: 'bad_signature' };
    kid = header.kid;
  } catch {
    return { ok: false, refused: 'bad_signature' };
  }
  const key = keys.find((candidate) => candidate.kid === kid && candidate.kty === 'EC');
  if (key === undefined || !trusted.has(await keyThumbprint(key)))
    return { ok: false, refused: 'untrusted_key' };
  try {
    const { payload } = await compactVerify(jws, await importJWK(publicEcKey(key), 'ES256'), {
      algorithms: ['ES256'],
    });
    const parsed = CatalogPayload.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!parsed.success || parsed.data.iss.replace(/\/+$/, '') !== issuer)
      return { ok: false, refused: 'bad_signature' };
    return { ok: true, payload: parsed.data, key: publicEcKey(key) };
  } catch {
    return { ok: false, refused: 'bad_signature' };
  }
}
