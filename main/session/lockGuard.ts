/**
 * While the screen is locked the main process also withholds patient data: the channels that
 * return studies, series or thumbnails answer `session_locked`, so a renderer that ignored the
 * lock (or was reloaded) still gets nothing to show.
 */
import type { Channel } from '../../preload/contract.js';
import { HandlerError } from '../errors.js';
import type { Handlers } from '../handlers.js';

export const PATIENT_DATA_CHANNELS = ['library.studies', 'library.series', 'library.thumbnail', 'catalog.eligibility'] as const satisfies readonly Channel[];

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
