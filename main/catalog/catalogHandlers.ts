/**
 * The catalog channels: the synced catalog, "My page" pins of the signed-in user, and which
 * services accept a series. The catalog syncs at start, after each login and every 15 minutes.
 */
import type { AuthSession } from '../auth/index.js';
import { HandlerError } from '../errors/index.js';
import { platformUrlOf, type Feature, type HostServices } from '../host/index.js';
import type { StudyLibrary } from '../library/index.js';
import { CatalogSync } from './catalogSync.js';
import { readPins, setPinned } from './pinnedServices.js';
import { seriesEligibility } from './seriesEligibility.js';

/** What the catalog uses of the features built before it. */
export interface CatalogUses {
  /** For the headers of a series whose eligibility is asked. */
  library: StudyLibrary;
  /** Pins belong to the signed-in user; each login syncs the catalog. */
  session: Promise<AuthSession>;
}

/** The catalog channels, and the synced catalog the jobs send against. */
export interface CatalogFeature extends Feature<'catalog'> {
  catalog: CatalogSync;
}

const SYNC_INTERVAL_MS = 15 * 60_000;

export function createCatalogHandlers(
  host: HostServices,
  { library, session }: CatalogUses,
): CatalogFeature {
  const platformUrl = platformUrlOf(host);
  const catalog = new CatalogSync({
    dataDir: host.dataDir,
    platformUrl,
    // Demo trust (catalogTrust.ts) only for the platform the host embedded, never one from policy.
    embedded: host.policy?.platformUrl === undefined && host.info.platformUrl !== undefined,
    ...(host.policy?.pinnedCatalogKeys === undefined
      ? {}
      : { pinnedKeys: host.policy.pinnedCatalogKeys }),
    ...(host.audit === undefined ? {} : { audit: host.audit }),
    onChange: (state) => host.emit('catalog.changed', state),
  });
  const ready = catalog.loadCache().then(() => {
    void catalog.sync();
  });
  if (platformUrl !== undefined) setInterval(() => void catalog.sync(), SYNC_INTERVAL_MS).unref();
  void session.then((auth) => auth.onSignedIn(() => void catalog.sync()));

  const signedIn = async (): Promise<{ subject: string; platformUrl: string }> => {
    const status = (await session).status();
    if (status.user === undefined || platformUrl === undefined)
      throw new HandlerError('permission_denied', 'sign_in_required');
    return { subject: status.user.subject, platformUrl };
  };

  const handlers: CatalogFeature['handlers'] = {
    'catalog.state': async () => {
      await ready;
      return catalog.state();
    },
    'catalog.sync': async () => {
      await ready;
      return catalog.sync();
    },
    'catalog.pins': async () => {
      const status = (await session).status();
      if (status.user === undefined || platformUrl === undefined) return { pinned: [] };
      return { pinned: await readPins(host.dataDir, platformUrl, status.user.subject) };
    },
    'catalog.setPinned': async ({ serviceId, pinned }) => {
      const who = await signedIn();
      return {
        pinned: await setPinned(host.dataDir, who.platformUrl, who.subject, serviceId, pinned),
      };
    },
    'catalog.eligibility': async ({ seriesId }) => {
      await ready;
      const headers = library.seriesInstances(seriesId)?.map((instance) => instance.header);
      if (headers === undefined) throw new HandlerError('not_found');
      return catalog
        .state()
        .services.map((service) =>
          seriesEligibility(service, headers, host.policy?.allowedServices),
        );
    },
  };
  return { handlers, catalog };
}
