/**
 * Locks the screen when the OS locks or the machine suspends (MHLW guideline: lock when away),
 * through Electron's powerMonitor. The lock itself lives in main/session.
 */
import { powerMonitor } from 'electron';
import type { AuthSession } from '../auth/index.js';

export function lockOnSystemEvents(session: Promise<AuthSession>): void {
  const lock = (): void => void session.then((auth) => auth.lockNow('os'));
  powerMonitor.on('lock-screen', lock);
  powerMonitor.on('suspend', lock);
}
