import type { IncomingMessage } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { HttpError } from '../http/index.js';
import { ACR_MFA } from './openIdProvider.js';

/**
 * Checks the bearer token of an API call (RFC 6750 §2.1): a JWT access token (RFC 9068) signed
 * by the platform's identity provider, for this resource, unexpired, whose `amr` shows two
 * factors. A token with one factor gets the RFC 9470 §3 step-up challenge
 * (`insufficient_user_authentication` with the `acr_values` that would do).
 *
 * The signature alone would keep a token good until it expires, minutes after the user logged
 * out or the app revoked it. So every check also asks `isLive` (tokenRevocation.ts) whether the
 * token's grant still exists and the token itself was not revoked: both answers come from the
 * provider's own store in this process, so revocation takes effect on the next request.
 */
export interface Caller {
  subject: string;
  amr: string[];
  acr?: string;
  scope: string[];
  /** Whether the token is still unexpired and unrevoked now: long-lived channels ask again later. */
  active(): boolean;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  amr: z.array(z.string()).default([]),
  acr: z.string().optional(),
  scope: z.string().default(''),
  jti: z.string().min(1),
  exp: z.number(),
  client_id: z.string().optional(),
  /** The grant the token was issued under (openIdProvider.ts adds it); revoking the grant ends the token. */
  grant_id: z.string().min(1),
});
export type AccessTokenClaims = z.infer<typeof claimsSchema>;

/** Answers whether a token's grant and the token itself are still unrevoked. */
export type LiveCheck = (claims: Pick<AccessTokenClaims, 'jti' | 'grant_id'>) => boolean;

/** RFC 8176 §2 values: something known, then something held. */
const KNOWLEDGE = new Set(['pwd', 'pin']);
const POSSESSION = new Set(['otp', 'hwk', 'swk', 'sc']);

export function hasTwoFactors(amr: readonly string[]): boolean {
  if (amr.includes('mfa')) return true;
  return amr.some((value) => KNOWLEDGE.has(value)) && amr.some((value) => POSSESSION.has(value));
}

function challenge(error: string, description: string, extra = ''): Record<string, string> {
  return {
    'www-authenticate': `Bearer error="${error}", error_description="${description}"${extra}`,
  };
}

export type BearerCheck = (req: IncomingMessage) => Promise<Caller>;

export interface AccessTokenOptions {
  issuer: string;
  resource: string;
  signingKey: JWK;
}

/** Verifies an access token's signature, issuer, audience, type and expiry; undefined when any fails. */
export function accessTokenVerifier(
  options: AccessTokenOptions,
): (token: string) => Promise<unknown> {
  const keys = createLocalJWKSet({ keys: [options.signingKey] });
  return async (token) => {
    try {
      return (
        await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.resource,
          typ: 'at+jwt',
          algorithms: ['RS256'],
        })
      ).payload;
    } catch {
      return undefined;
    }
  };
}

export function bearerTokenCheck(
  options: AccessTokenOptions & { requiredScope: string; isLive: LiveCheck },
): BearerCheck {
  const verify = accessTokenVerifier(options);
  return async (req) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
    if (match === null) throw new HttpError(401, 'unauthorized', { 'www-authenticate': 'Bearer' });
    const payload = await verify(match[1]!);
    if (payload === undefined)
      throw new HttpError(
        401,
        'invalid_token',
        challenge('invalid_token', 'The access token is invalid or expired'),
      );
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success)
      throw new HttpError(
        401,
        'invalid_token',
        challenge('invalid_token', 'The access token lacks required claims'),
      );
    const active = (): boolean =>
      claims.data.exp * 1000 > Date.now() && options.isLive(claims.data);
    if (!active())
      throw new HttpError(
        401,
        'invalid_token',
        challenge('invalid_token', 'The access token has been revoked'),
      );
    if (!hasTwoFactors(claims.data.amr)) {
      throw new HttpError(
        401,
        'insufficient_user_authentication',
        challenge(
          'insufficient_user_authentication',
          'Two-factor authentication is required',
          `, acr_values="${ACR_MFA}"`,
        ),
      );
    }
    const scope = claims.data.scope.split(' ').filter(Boolean);
    if (!scope.includes(options.requiredScope)) {
      throw new HttpError(
        403,
        'insufficient_scope',
        challenge(
          'insufficient_scope',
          'The token does not grant this API',
          `, scope="${options.requiredScope}"`,
        ),
      );
    }
    return { subject: claims.data.sub, amr: claims.data.amr, acr: claims.data.acr, scope, active };
  };
}
