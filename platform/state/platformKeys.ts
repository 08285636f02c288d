import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { writeFileAtomic } from '@mitate/atomic-write';

/**
 * The platform's own secrets, made on first start and kept in `<dataDir>/keys.json` (mode 0600,
 * written atomically): the OpenID provider's token-signing key, the catalog-signing key, and
 * the cookie keys of the interaction sessions. Kept across restarts so tokens and the signed
 * catalog stay verifiable.
 */
export interface PlatformKeys {
  /** RS256 private JWK for ID tokens and JWT access tokens (RS256 is the OIDC default). */
  tokenSigning: JWK;
  /** ES256 private JWK for the catalog JWS. */
  catalogSigning: JWK;
  cookieKeys: string[];
}

const jwkSchema = z
  .looseObject({ kty: z.string(), kid: z.string() })
  .transform((value) => value as JWK);
const keysSchema = z.object({
  tokenSigning: jwkSchema,
  catalogSigning: jwkSchema,
  cookieKeys: z.array(z.string()).min(1),
});

async function privateJwk(alg: 'RS256' | 'ES256', kidPrefix: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return {
    ...(await exportJWK(privateKey)),
    alg,
    use: 'sig',
    kid: `${kidPrefix}-${randomBytes(6).toString('hex')}`,
  };
}

export async function loadPlatformKeys(dataDir: string): Promise<PlatformKeys> {
  const file = join(dataDir, 'keys.json');
  try {
    return keysSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error('keys.json is unreadable; refusing to replace the platform keys', {
        cause: error,
      });
  }
  const keys: PlatformKeys = {
    tokenSigning: await privateJwk('RS256', 'token'),
    catalogSigning: await privateJwk('ES256', 'catalog'),
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  await writeFileAtomic(file, JSON.stringify(keys));
  return keys;
}

/** The public half of a private JWK, for publishing in a JWKS. */
export function publicJwk(jwk: JWK): JWK {
  const { d, p, q, dp, dq, qi, ...rest } = jwk;
  void d;
  void p;
  void q;
  void dp;
  void dq;
  void qi;
  return rest;
}
