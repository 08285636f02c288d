import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { Platform } from '../../server/startPlatform.js';

/**
 * Signs an access token with the platform's real signing key (read from its data folder) but
 * with the claims a test chooses, e.g. a login that stopped after the password. The verifier
 * under test is the real one; only the login is skipped. The token is issued under a real grant
 * in the provider's store, as the bearer check requires (tokenRevocation.ts).
 */
export async function accessTokenWith(
  platform: Platform,
  claims: { sub: string; amr: string[]; scope?: string },
): Promise<string> {
  const keys = JSON.parse(await readFile(join(platform.dataDir, 'keys.json'), 'utf8')) as {
    tokenSigning: JWK;
  };
  const key = await importJWK(keys.tokenSigning, 'RS256');
  const grant = new platform.provider.Grant({ accountId: claims.sub, clientId: 'mitate-desktop' });
  grant.addResourceScope(platform.dicomwebUrl, claims.scope ?? 'dicomweb catalog');
  const grantId = await grant.save();
  return new SignJWT({
    amr: claims.amr,
    scope: claims.scope ?? 'dicomweb catalog',
    client_id: 'mitate-desktop',
    grant_id: grantId,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.tokenSigning.kid })
    .setIssuer(platform.url)
    .setAudience(platform.dicomwebUrl)
    .setSubject(claims.sub)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}
