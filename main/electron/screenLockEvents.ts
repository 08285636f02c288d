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
  // A sleep the suspend event missed (a lid closed on battery, a crash of the OS session): the
  // idle clock counts wall-clock time, so a resume past the idle limit locks at once.
  powerMonitor.on('resume', () => void session.then((auth) => auth.lock.checkIdle()));
}
