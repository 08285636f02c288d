/**
 * What a host (the Electron shell or the dev host) provides to the main-process features. Every
 * feature's handler factory receives it; it names nothing of the features themselves, so they
 * import it without importing each other.
 */
import type { AppInfo, EventName, EventPayload } from '../../preload/contract/index.js';
import type { AuditLog } from '../audit/index.js';
import type { Keychain } from '../keychain/index.js';
import type { ManagedPolicy } from '../policy/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { PathGrants } from './pathGrants.js';

export interface HostServices {
  info: AppInfo;
  /** Data folder of this installation (settings, copied drops). */
  dataDir: string;
  settings: SettingsStore;
  /** The machine's managed policy: fixes settings above the user's own (main/policy/). */
  policy?: ManagedPolicy;
  /** Native picker of folders, or of files (zip, DICOMDIR); absent where the host has none (dev host). */
  pickFolders?: (kind: 'folders' | 'files') => Promise<string[] | null>;
  /**
   * Asks the doctor, in the host's own window (not the page), whether to import these paths the
   * renderer sent; absent where the page is the only interface (dev host).
   */
  confirmPaths?: (paths: readonly string[]) => Promise<boolean>;
  /** Paths the host saw the doctor drop; imported without asking (main/host/pathGrants.ts). */
  pathGrants?: PathGrants;
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

/**
 * The platform this installation works with (sign-in, catalog, sends): the organisation's policy
 * first, else the one the host embedded; without a trailing slash.
 */
export function platformUrlOf(host: HostServices): string | undefined {
  const url = host.policy?.platformUrl ?? host.info.platformUrl;
  return url === undefined ? undefined : url.replace(/\/+$/, '');
}
