import { Secret, TOTP } from 'otpauth';

/**
 * TOTP second factor (RFC 6238): SHA-1, 6 digits, 30 s steps, as every authenticator app
 * supports. One step of drift either way is accepted (RFC 6238 §5.2 recommends at most one
 * step of network delay), and a code is never accepted twice: the caller keeps the last
 * accepted time step per account and only a later step passes (RFC 6238 §5.2, "the verifier
 * MUST NOT accept the second attempt of the OTP after the successful validation").
 */
export const TOTP_ISSUER = 'Mitate reference platform';

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
export function totpUri(secretBase32: string, label: string): string {
  return totpFor(secretBase32, label).toString();
}

/**
 * Checks `code` against the secret at `now`; returns the accepted time step, or undefined when
 * the code is wrong or its step is not later than `lastAcceptedStep` (a replay).
 */
export function acceptTotp(
  secretBase32: string,
  code: string,
  lastAcceptedStep: number,
  now = Date.now(),
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, window: 1, timestamp: now });
  if (delta === null) return undefined;
  const step = Math.floor(now / 30_000) + delta;
  return step > lastAcceptedStep ? step : undefined;
}

/** The current code, for tests and the demo console. */
export function currentTotp(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32, 'now').generate({ timestamp: now });
}
