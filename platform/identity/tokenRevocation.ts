import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { AccessTokenClaims } from './bearerToken.js';
import type { ProviderStore } from './providerStore.js';

/**
 * Revocation that takes effect at once for the platform's own APIs.
 *
 * Who attacks: whoever holds an access token the user meant to end, by logging out or by the
 * app revoking it (a stolen laptop's session, a token copied from a log or a proxy). A JWT access
 * token verified only by its signature stays good until it expires (five minutes).
 *
 * The control: every access token names its grant (`grant_id`, added by openIdProvider.ts), and
 * the bearer check asks this module on every request whether
 * - the grant still exists in the provider's store: revoking the refresh token (RFC 7009), the
 *   logout at the end-session endpoint and the grant's expiry all destroy it, which ends every
 *   token issued under it; and
 * - the token's own `jti` has not been revoked: oidc-provider refuses to revoke JWT access tokens
 *   itself (unsupported_token_type), so `acceptJwtRevocation` takes them at the same endpoint,
 *   after the provider has authenticated the client, and keeps the `jti` in the store (written
 *   to disk, so a restart forgets nothing) until the token would have expired anyway.
 */
const REVOKED_MODEL = 'RevokedAccessToken';

export function liveCheck(
  store: ProviderStore,
): (claims: Pick<AccessTokenClaims, 'jti' | 'grant_id'>) => boolean {
  return (claims) =>
    store.get('Grant', claims.grant_id) !== undefined &&
    store.get(REVOKED_MODEL, claims.jti) === undefined;
}

const revocableClaims = z.object({
  jti: z.string().min(1),
  exp: z.number(),
  client_id: z.string(),
});

interface RevocationContext {
  status: number;
  body: unknown;
  oidc?: { route?: string; params?: Record<string, unknown>; client?: { clientId: string } };
}

/**
 * Lets the revocation endpoint (RFC 7009) revoke the platform's JWT access tokens: where the
 * provider answered unsupported_token_type for a JWT, a token that verifies as ours and was
 * issued to the authenticated client is recorded as revoked. As RFC 7009 §2.2 asks, the answer is
 * 200 either way, so the endpoint does not tell which tokens are valid.
 */
export function acceptJwtRevocation(
  provider: Provider,
  store: ProviderStore,
  verify: (token: string) => Promise<unknown>,
): void {
  provider.use(async (ctx: RevocationContext, next: () => Promise<void>) => {
    await next();
    const { oidc } = ctx;
    const refused = z
      .object({ error: z.literal('unsupported_token_type') })
      .safeParse(ctx.body).success;
    if (oidc?.route !== 'revocation' || ctx.status !== 400 || !refused || oidc.client === undefined)
      return;
    const token = oidc.params?.token;
    if (typeof token !== 'string') return;
    const claims = revocableClaims.safeParse(await verify(token));
    if (claims.success && claims.data.client_id === oidc.client.clientId) {
      const seconds = Math.max(1, Math.ceil(claims.data.exp - Date.now() / 1000));
      await store.set(REVOKED_MODEL, claims.data.jti, {}, seconds);
    }
    ctx.status = 200;
    ctx.body = '';
  });
}
