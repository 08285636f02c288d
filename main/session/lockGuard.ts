/**
 * While the screen is locked the main process also withholds patient data, so a renderer that
 * ignored the lock (or was reloaded) still gets nothing to show and can start nothing in the
 * doctor's name. Deny by default: only the channels a lock screen needs (who is signed in,
 * signing in again, settings and the service catalog, none of which hold patient data) answer;
 * every other channel, including any added later, answers `session_locked`.
 */
import { channelNames, type Channel } from '../../preload/contract/index.js';
import { HandlerError } from '../errors/index.js';
import type { Handlers } from '../host/index.js';

export const CHANNELS_OPEN_WHILE_LOCKED = [
  'app.info',
  'settings.get',
  'settings.update',
  'settings.managed',
  'auth.status',
  'auth.beginLogin',
  'auth.cancelLogin',
  'auth.logout',
  'session.lockNow',
  'session.activity',
  // Unlocking itself; setting a PIN while locked is refused in the session unless none exists.
  'session.unlockWithPin',
  'session.setPin',
  'catalog.state',
  'catalog.sync',
  'catalog.pins',
  'catalog.setPinned',
  // Stopping an import started before the lock only ever does less with patient data.
  'library.cancelImport',
] as const satisfies readonly Channel[];

const open: ReadonlySet<Channel> = new Set(CHANNELS_OPEN_WHILE_LOCKED);

/** The channels that answer `session_locked` while the screen is locked. */
export const PATIENT_DATA_CHANNELS: readonly Channel[] = channelNames.filter(
  (channel) => !open.has(channel),
);

export function guardPatientData(handlers: Handlers, isLocked: () => Promise<boolean>): Handlers {
  const guarded = { ...handlers } as Record<string, (request: unknown) => Promise<unknown>>;
  for (const channel of PATIENT_DATA_CHANNELS) {
    const inner = guarded[channel];
    if (inner === undefined) continue;
    guarded[channel] = async (request) => {
      if (await isLocked()) throw new HandlerError('session_locked');
      return inner(request);
    };
  }
  return guarded as Handlers;
}
