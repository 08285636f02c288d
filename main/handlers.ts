/**
 * Builds every feature's handlers from the host's services (each folder's
 * `create<Feature>Handlers`, one shape: main/host/featureHandlers.ts), in the order their uses
 * need, and joins them into one handler per contract channel behind the screen lock's guard.
 */
import type { AuthSession } from './auth/index.js';
import { createAuthHandlers } from './auth/index.js';
import { createCatalogHandlers } from './catalog/index.js';
import { createHostHandlers, type Handlers, type HostServices } from './host/index.js';
import { createJobHandlers } from './jobs/index.js';
import { createLibraryHandlers } from './library/index.js';
import { createPacsHandlers, type PacsFeature } from './pacs/index.js';
import type { StudyLibrary } from './library/index.js';
import { createReviewHandlers } from './review/index.js';
import { guardPatientData } from './session/index.js';
import { makeTreePrivate } from './storage/index.js';

export interface MainServices {
  handlers: Handlers;
  library: StudyLibrary;
  /** The login session and screen lock (main/auth, main/session). */
  auth: Promise<AuthSession>;
  /** Hospital connectivity: the storage SCP hands its arrivals to `pacs.onReceived`; `pacs.dispose` at quit. */
  pacs: PacsFeature;
  /** The data folder brought to owner-only (0700/0600) at start; settles once the walk is done. */
  privateData: Promise<void>;
}

/** Binds every channel of the contract to plain Node code. Requests arrive already validated. */
export function createHandlers(host: HostServices): MainServices {
  // Folders made by an older version were 0755: made owner-only before anything else is written.
  const privateData = makeTreePrivate(host.dataDir).catch(() => undefined);
  const hosted = createHostHandlers(host);
  const library = createLibraryHandlers(host);
  const auth = createAuthHandlers(host);
  const catalog = createCatalogHandlers(host, { library: library.library, session: auth.session });
  const jobs = createJobHandlers(host, {
    library: library.library,
    session: auth.session,
    catalog: catalog.catalog,
  });
  const review = createReviewHandlers(host, { library: library.library, session: auth.session });
  const pacs = createPacsHandlers(host, { importOwnFiles: library.importOwnFiles });

  const handlers: Handlers = {
    ...hosted.handlers,
    ...library.handlers,
    ...auth.handlers,
    ...catalog.handlers,
    ...jobs.handlers,
    ...review.handlers,
    ...pacs.handlers,
    // Clearing the library forgets the retrieve list too: it names the studies that were taken.
    'library.clear': async (request) => {
      const cleared = await library.handlers['library.clear'](request);
      await pacs.clearRetrieves();
      return cleared;
    },
  };
  const isLocked = async (): Promise<boolean> => (await auth.session).lock.locked;
  return {
    handlers: guardPatientData(handlers, isLocked),
    library: library.library,
    auth: auth.session,
    pacs,
    privateData,
  };
}
