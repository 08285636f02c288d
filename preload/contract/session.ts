/** The screen lock (main/session): lock now, and the activity that restarts the idle countdown. */
import { z } from 'zod';
import { AuthStatus } from './auth.js';
import { Empty } from './shared.js';

export const sessionChannels = {
  'session.lockNow': { request: Empty, response: AuthStatus },
  /** The doctor used the window (keys, mouse); restarts the idle-lock countdown. */
  'session.activity': { request: Empty, response: z.object({}) },
} as const;
