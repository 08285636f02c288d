import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { Account, StoredWebAuthnCredential } from './accountStore.js';

/**
 * WebAuthn passkeys as the second factor (W3C WebAuthn Level 3, through @simplewebauthn/server):
 * registration when an account has no second factor yet, authentication when it has passkeys.
 * The relying party is the platform's host name; WebAuthn does not allow IP addresses as RP IDs
 * (§5.1.4.1 "valid domain"), so passkeys are offered only when the platform is reached by a
 * name such as `localhost`, never on `127.0.0.1`.
 */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyFor(publicUrl: string): RelyingParty | undefined {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return undefined;
  return { id: host, origin: url.origin, name: 'Mitate reference platform' };
}

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .max(16_384);
const credentialJson = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  authenticatorAttachment: z.string().max(32).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});
const registrationSchema = credentialJson.extend({
  response: z
    .object({
      clientDataJSON: base64url,
      attestationObject: base64url,
      transports: z.array(z.string().max(32)).max(8).optional(),
    })
    .loose(),
});
const authenticationSchema = credentialJson.extend({
  response: z
    .object({
      clientDataJSON: base64url,
      authenticatorData: base64url,
      signature: base64url,
      userHandle: base64url.optional(),
    })
    .loose(),
});

export async function registrationOptions(
  rp: RelyingParty,
  account: Account,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.username,
    userDisplayName: account.name,
    userID: new TextEncoder().encode(account.id),
    attestationType: 'none',
    excludeCredentials: account.webauthn.map((credential) => ({ id: credential.id })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export async function authenticationOptions(
  rp: RelyingParty,
  account: Account,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: account.webauthn.map((credential) => ({ id: credential.id })),
    userVerification: 'preferred',
  });
}

/** Verifies a registration; returns the credential to store, or undefined. */
export async function verifyRegistration(
  rp: RelyingParty,
  body: unknown,
  challenge: string,
): Promise<StoredWebAuthnCredential | undefined> {
  const parsed = registrationSchema.safeParse(body);
  if (!parsed.success) return undefined;
  try {
    const result = await verifyRegistrationResponse({
      response: parsed.data as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
    });
    if (!result.verified) return undefined;
    const { credential } = result.registrationInfo;
    return {
      id: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    return undefined;
  }
}

/** Verifies an assertion against the account's passkeys; returns the credential id and new counter. */
export async function verifyAuthentication(
  rp: RelyingParty,
  account: Account,
  body: unknown,
  challenge: string,
): Promise<{ id: string; counter: number } | undefined> {
  const parsed = authenticationSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const stored = account.webauthn.find((credential) => credential.id === parsed.data.id);
  if (stored === undefined) return undefined;
  try {
    const result = await verifyAuthenticationResponse({
      response: parsed.data as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: stored.id,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')),
        counter: stored.counter,
      },
    });
    return result.verified
      ? { id: stored.id, counter: result.authenticationInfo.newCounter }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The login page's only script: asks the platform for options, runs the browser's WebAuthn
 * ceremony, posts the answer and follows the redirect it gets back. Served from the platform's
 * own origin so the pages' CSP can stay `script-src 'self'`.
 */
export const PASSKEY_SCRIPT = `'use strict';
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-passkey]');
  if (!button) return;
  event.preventDefault();
  const base = button.getAttribute('data-passkey');
  const status = document.getElementById('passkey-status');
  try {
    const options = await (await fetch(base + '/options', { method: 'POST' })).json();
    const credential = options.mode === 'register'
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey) });
    const answer = await fetch(base + '/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credential.toJSON()) });
    const result = await answer.json();
    if (result.location) { window.location.assign(result.location); return; }
    // Locked: the page itself then says until when, in its language.
    if (answer.status === 423) { window.location.reload(); return; }
    if (status) status.hidden = false;
  } catch {
    if (status) status.hidden = false;
  }
});
`;
