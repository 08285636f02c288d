import { useCallback } from 'react';
import { useCatalogStore } from './catalogStore.js';
import { useSettingsStore } from './settingsStore.js';
import { localized } from './catalogQuery.js';

/** Names AI services in the doctor's language from the catalog; a service the catalog no longer lists keeps its id. */
export function useServiceNames(): (serviceId: string) => string {
  const services = useCatalogStore((state) => state.catalog?.services);
  const locale = useSettingsStore((state) => state.locale);
  return useCallback(
    (serviceId: string) => {
      const service = services?.find((candidate) => candidate.id === serviceId);
      return service === undefined ? serviceId : localized(service.name, locale);
    },
    [services, locale],
  );
}
