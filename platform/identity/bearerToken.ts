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
 */
export interface Caller {
  subject: string;
  amr: string[];
  acr?: string;
  scope: string[];
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  amr: z.array(z.string()).default([]),
  acr: z.string().optional(),
  scope: z.string().default(''),
});

/** RFC 8176 §2 values: something known, then something held. */
const KNOWLEDGE = new Set(['pwd', 'pin']);
const POSSESSION = new Set(['otp', 'hwk', 'swk', 'sc']);

export function hasTwoFactors(amr: readonly string[]): boolean {
  if (amr.includes('mfa')) return true;
  return amr.some((value) => KNOWLEDGE.has(value)) && amr.some((value) => POSSESSION.has(value));
}

function challenge(error: string, description: string, extra = ''): Record<string, string> {
  return { 'www-authenticate': `Bearer error="${error}", error_description="${description}"${extra}` };
}

export type BearerCheck = (req: IncomingMessage) => Promise<Caller>;

export function bearerTokenCheck(options: { issuer: string; resource: string; signingKey: JWK; requiredScope: string }): BearerCheck {
  const keys = createLocalJWKSet({ keys: [options.signingKey] });
  return async (req) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
    if (match === null) throw new HttpError(401, 'unauthorized', { 'www-authenticate': 'Bearer' });
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, { issuer: options.issuer, audience: options.resource, typ: 'at+jwt', algorithms: ['RS256'] }));
    } catch {
      throw new HttpError(401, 'invalid_token', challenge('invalid_token', 'The access token is invalid or expired'));
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new HttpError(401, 'invalid_token', challenge('invalid_token', 'The access token lacks required claims'));
    if (!hasTwoFactors(claims.data.amr)) {
      throw new HttpError(401, 'insufficient_user_authentication', challenge('insufficient_user_authentication', 'Two-factor authentication is required', `, acr_values="${ACR_MFA}"`));
    }
    const scope = claims.data.scope.split(' ').filter(Boolean);
    if (!scope.includes(options.requiredScope)) {
      throw new HttpError(403, 'insufficient_scope', challenge('insufficient_scope', 'The token does not grant this API', `, scope="${options.requiredScope}"`));
    }
    return { subject: claims.data.sub, amr: claims.data.amr, acr: claims.data.acr, scope };
  };
}
