/** The screen lock (main/session): lock now, and the activity that restarts the idle countdown. */
import { z } from 'zod';
import { AuthStatus } from './auth.js';
import { Empty } from './shared.js';

/** A local unlock PIN: digits or a passphrase, at least six characters. */
export const UnlockPin = z.string().min(6).max(64);

export const sessionChannels = {
  'session.lockNow': { request: Empty, response: AuthStatus },
  /** The doctor used the window (keys, mouse); restarts the idle-lock countdown. */
  'session.activity': { request: Empty, response: z.object({}) },
  /**
   * Sets the local unlock PIN (6 to 64 characters); changing one needs the current PIN. While
   * locked, only a workstation with no PIN yet may set one, which also unlocks.
   */
  'session.setPin': {
    request: z.object({ pin: UnlockPin, currentPin: UnlockPin.optional() }),
    response: AuthStatus,
  },
  /** Unlocks with the local PIN, without the platform's login pages. */
  'session.unlockWithPin': { request: z.object({ pin: UnlockPin }), response: AuthStatus },
} as const;
