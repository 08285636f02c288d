/** Signing in to the platform: who is signed in, and the login's channels and event. */
import { z } from 'zod';
import { ErrorCode } from './errors.js';
import { Empty } from './shared.js';

/** The signed-in user as the ID token names them, and how they proved it (RFC 8176 `amr`). */
export const SignedInUser = z.object({
  subject: z.string().max(256),
  name: z.string().max(256),
  username: z.string().max(256).optional(),
  role: z.string().max(64).optional(),
  /** ISO 8601 time of the login (the ID token's auth_time). */
  loginAt: z.string().max(40),
  /** Authentication methods of the login, e.g. ["pwd", "otp"]. */
  amr: z.array(z.string().max(32)).max(16),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

export const AuthStatus = z.object({
  /** The platform the app signs in to; null when none is configured. */
  platformUrl: z.string().max(2048).nullable(),
  state: z.enum(['signed-out', 'signing-in', 'signed-in']),
  user: SignedInUser.optional(),
  /** Where the refresh token is kept: the OS keychain, or memory only when there is none. */
  tokenStore: z.enum(['keychain', 'memory']),
  /** Signed in, but the platform could not be reached to refresh the session. */
  offline: z.boolean(),
  /** The screen lock: while true the renderer shows no patient data. */
  locked: z.boolean(),
  idleLockSeconds: z.number().int().positive(),
  /**
   * The local unlock PIN of whoever the lock protects now (the signed-in user, else the
   * workstation): whether the host offers PINs, whether one is set, and until when wrong guesses
   * make the next attempt wait.
   */
  unlockPin: z.object({
    available: z.boolean(),
    set: z.boolean(),
    retryAt: z.string().max(40).optional(),
  }),
  /** Why the last sign-in attempt failed (an ErrorCode), until the next attempt. */
  lastError: ErrorCode.optional(),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const authChannels = {
  'auth.status': { request: Empty, response: AuthStatus },
  /**
   * Starts a login (or, while locked, the fresh login that unlocks): returns the platform's login
   * page. The host opens it in the system browser where it can (`openedByHost`), otherwise the
   * renderer opens it in a new browser page. The outcome arrives as an `auth.changed` event.
   */
  'auth.beginLogin': {
    request: Empty,
    response: z.object({ url: z.string().max(8192), openedByHost: z.boolean() }),
  },
  'auth.cancelLogin': { request: Empty, response: AuthStatus },
  'auth.logout': { request: Empty, response: AuthStatus },
} as const;

export const authEvents = {
  'auth.changed': AuthStatus,
} as const;
