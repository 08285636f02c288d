import { z } from 'zod';

/**
 * Failure counting and lockout for the login factors.
 *
 * Who attacks: someone who has one factor (a phished or reused password, a stolen phone) and
 * guesses the other one through the login pages. A six-digit code has a million values, so the
 * only defence is how many guesses the pages allow.
 *
 * - Failures are counted per factor (`pwd`, `otp`, `hwk`) and for the account as a whole; either
 *   count reaching its limit locks the account.
 * - Nothing short of a full login (both factors in one interaction) resets a count: a correct
 *   password must not wipe the second factor's failures, or the password holder gets unlimited
 *   guesses at the code by typing the password again between them.
 * - Each lock is twice as long as the one before (capped), and the lock count also resets only
 *   at a full login; so after the first lock the guesses allowed per hour shrink instead of
 *   coming back at a steady rate.
 * - The cap (an hour by default) weighs the other attack: anyone who knows a user name can lock
 *   that doctor out with wrong passwords. An hour keeps that short, and still leaves a TOTP
 *   guesser about five guesses an hour (with the default five failures): some years for an even
 *   chance at a code.
 */
export const LOGIN_FACTORS = ['pwd', 'otp', 'hwk'] as const;
export type LoginFactor = (typeof LOGIN_FACTORS)[number];

export interface LockoutPolicy {
  /** Failed attempts of one factor before the account is locked. */
  maxFailures: number;
  /** Failed attempts of all factors together before the account is locked (default twice maxFailures). */
  maxAccountFailures?: number;
  /** How long the first lock lasts, in milliseconds; each further lock doubles it. */
  lockMs: number;
  /** The longest a lock may last (default one hour). */
  maxLockMs?: number;
}

export const lockoutStateSchema = z.object({
  failures: z.number().int().nonnegative().default(0),
  factorFailures: z
    .object({
      pwd: z.number().int().nonnegative().default(0),
      otp: z.number().int().nonnegative().default(0),
      hwk: z.number().int().nonnegative().default(0),
    })
    .default(() => ({ pwd: 0, otp: 0, hwk: 0 })),
  /** Locks since the last full login; the next lock lasts lockMs * 2^lockouts. */
  lockouts: z.number().int().nonnegative().default(0),
  lockedUntil: z.number().default(0),
});
export type LockoutState = z.infer<typeof lockoutStateSchema>;

const HOUR_MS = 60 * 60_000;

/** Counts one failure of `factor`; locks the account when a limit is reached. */
export function countFailure(
  state: LockoutState,
  factor: LoginFactor,
  policy: LockoutPolicy,
  now = Date.now(),
): void {
  state.factorFailures[factor] += 1;
  state.failures += 1;
  const accountLimit = policy.maxAccountFailures ?? policy.maxFailures * 2;
  if (state.factorFailures[factor] < policy.maxFailures && state.failures < accountLimit) return;
  const duration = Math.min(
    policy.lockMs * 2 ** Math.min(state.lockouts, 30),
    policy.maxLockMs ?? HOUR_MS,
  );
  state.lockouts += 1;
  state.lockedUntil = now + duration;
  // The counts start again after the lock; the doubling remembers that it happened.
  state.failures = 0;
  for (const name of LOGIN_FACTORS) state.factorFailures[name] = 0;
}

/** A full login (both factors in one interaction) forgives everything before it. */
export function clearFailures(state: LockoutState): void {
  state.failures = 0;
  for (const name of LOGIN_FACTORS) state.factorFailures[name] = 0;
  state.lockouts = 0;
}

/** Whole seconds until the lock ends (at least 1 while locked), for Retry-After and the page. */
export function retryAfterSeconds(
  state: Pick<LockoutState, 'lockedUntil'>,
  now = Date.now(),
): number {
  return Math.max(1, Math.ceil((state.lockedUntil - now) / 1000));
}
