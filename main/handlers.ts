import type { AppInfo, Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../preload/contract.js';
import { createLibraryHandlers } from './library/libraryHandlers.js';
import type { StudyLibrary } from './library/studyLibrary.js';
import type { ManagedPolicy } from './policy/managedPolicy.js';
import { ManagedSettings } from './policy/managedSettings.js';
import type { SettingsStore } from './settings/settingsStore.js';

/** What a host (the Electron shell or the dev host) provides to the main-process handlers. */
export interface HostServices {
  info: AppInfo;
  /** Data folder of this installation (settings, copied drops). */
  dataDir: string;
  settings: SettingsStore;
  /** The machine's managed policy: fixes settings above the user's own (main/policy/). */
  policy?: ManagedPolicy;
  /** Native folder picker; absent where the host has none (dev host). */
  pickFolders?: () => Promise<string[] | null>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export interface MainServices {
  handlers: Handlers;
  library: StudyLibrary;
}

/** Binds every channel of the contract to plain Node code. Requests arrive already validated. */
export function createHandlers(host: HostServices): MainServices {
  const settings = new ManagedSettings(host.settings, host.policy ?? {});
  const library = createLibraryHandlers(host);

  const handlers: Handlers = {
    'app.info': async () => host.info,
    'settings.get': async () => settings.get(),
    'settings.update': async (change) => settings.update(change),
    'settings.managed': async () => settings.view(),
    ...library.handlers,
  };
  return { handlers, library: library.library };
}
