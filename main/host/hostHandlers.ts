/**
 * The channels a host answers from its own services: what the renderer may know of the app
 * (`app.*`), and the user's settings under the managed policy (`settings.*`).
 */
import { ManagedSettings } from '../policy/index.js';
import type { Feature } from './featureHandlers.js';
import type { HostServices } from './hostServices.js';

export function createHostHandlers(host: HostServices): Feature<'app' | 'settings'> {
  const settings = new ManagedSettings(host.settings, host.policy ?? {});
  return {
    handlers: {
      'app.info': async () => host.info,
      'settings.get': async () => settings.get(),
      'settings.update': async (change) => settings.update(change),
      'settings.managed': async () => settings.view(),
    },
  };
}
