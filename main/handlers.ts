import type { AppInfo, Channel, EventName, EventPayload, RequestOf, ResponseOf } from '../preload/contract/index.js';
import type { AuditLog } from './audit/auditEvent.js';
import { createAuthHandlers } from './auth/authHandlers.js';
import type { AuthSession } from './auth/authSession.js';
import { createCatalogHandlers } from './catalog/catalogHandlers.js';
import { createJobHandlers } from './jobs/jobHandlers.js';
import type { Keychain } from './keychain/keychain.js';
import { createLibraryHandlers } from './library/libraryHandlers.js';
import type { StudyLibrary } from './library/studyLibrary.js';
import type { ManagedPolicy } from './policy/managedPolicy.js';
import { createReviewHandlers } from './review/reviewHandlers.js';
import { ManagedSettings } from './policy/managedSettings.js';
import { guardPatientData } from './session/lockGuard.js';
import type { SettingsStore } from './settings/settingsStore.js';

/** What a host (the Electron shell or the dev host) provides to the main-process handlers. */
export interface HostServices {
  info: AppInfo;
  /** Data folder of this installation (settings, copied drops). */
  dataDir: string;
  settings: SettingsStore;
  /** The machine's managed policy: fixes settings above the user's own (main/policy/). */
  policy?: ManagedPolicy;
  /** Native picker of folders, or of files (zip, DICOMDIR); absent where the host has none (dev host). */
  pickFolders?: (kind: 'folders' | 'files') => Promise<string[] | null>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The audit trail (main/audit); login, logout, lock and catalog alerts are recorded in it. */
  audit?: AuditLog;
  /** Opens a URL in the system browser (Electron: shell.openExternal); absent in the dev host. */
  openExternal?: (url: string) => Promise<void>;
  /** Idle-lock time in seconds, overriding policy and default (dev host `--idle-lock-seconds`, tests). */
  idleLockSeconds?: number;
  /** The OS keychain by default; tests may pass another. */
  keychain?: Keychain;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export interface MainServices {
  handlers: Handlers;
  library: StudyLibrary;
  /** The login session and screen lock (main/auth, main/session). */
  auth: Promise<AuthSession>;
}

/** Binds every channel of the contract to plain Node code. Requests arrive already validated. */
export function createHandlers(host: HostServices): MainServices {
  const settings = new ManagedSettings(host.settings, host.policy ?? {});
  const library = createLibraryHandlers(host);
  const auth = createAuthHandlers(host);
  const catalog = createCatalogHandlers(host, library.library, auth.session);
  const jobs = createJobHandlers(host, library.library, auth.session, catalog.catalog);
  const review = createReviewHandlers(host, library.library, async () => (await auth.session).status().user?.name);
  void auth.session.then((session) => session.onSignedIn(() => void catalog.catalog.sync()));

  const handlers: Handlers = {
    'app.info': async () => host.info,
    'settings.get': async () => settings.get(),
    'settings.update': async (change) => settings.update(change),
    'settings.managed': async () => settings.view(),
    ...library.handlers,
    ...auth.handlers,
    ...catalog.handlers,
    ...jobs.handlers,
    ...review.handlers,
  };
  const isLocked = async (): Promise<boolean> => (await auth.session).lock.locked;
  return { handlers: guardPatientData(handlers, isLocked), library: library.library, auth: auth.session };
}
