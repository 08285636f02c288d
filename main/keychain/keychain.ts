/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) behind
 * a small interface: get, set and delete a secret by name, and "is there a keychain". Secrets are
 * stored under the service "Mitate". On Linux we require the Secret Service: the kernel keyring
 * that @napi-rs/keyring would otherwise fall back to forgets everything at reboot, and losing the
 * vault key would orphan every pending AI result.
 */
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';

export const KEYCHAIN_SERVICE = 'Mitate';

/** Thrown when there is no usable keychain (no Secret Service running, locked, access denied). */
export class KeychainUnavailableError extends Error {
  readonly code = 'keychainUnavailable';
  constructor(readonly operation: 'get' | 'set' | 'delete') {
    super(`no OS keychain available (${operation})`);
    this.name = 'KeychainUnavailableError';
  }
}

export interface Keychain {
  /** The secret stored under `name`, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
  set(name: string, secret: string): Promise<void>;
  /** True when a secret was deleted. */
  delete(name: string): Promise<boolean>;
  /** Whether secrets can be stored and read back here. */
  isAvailable(): Promise<boolean>;
}

const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/**
 * The native module, loaded on the first secret asked for: loading it cost as much as the rest of
 * `mitate deid`'s start-up, and a run that stops at its arguments never needs it. A failed load
 * is a missing keychain, like any other failure below.
 */
let keyring: Promise<typeof import('@napi-rs/keyring')> | undefined;

export function osKeychain(service: string = KEYCHAIN_SERVICE): Keychain {
  const entry = async (name: string): Promise<AsyncEntry> => {
    keyring ??= import('@napi-rs/keyring');
    const { AsyncEntry: Entry } = await keyring;
    return new Entry(service, name, ENTRY_OPTIONS);
  };
  const keychain: Keychain = {
    async get(name) {
      try {
        return (await (await entry(name)).getPassword()) ?? undefined;
      } catch {
        throw new KeychainUnavailableError('get');
      }
    },
    async set(name, secret) {
      try {
        await (await entry(name)).setPassword(secret);
      } catch {
        throw new KeychainUnavailableError('set');
      }
    },
    async delete(name) {
      try {
        return await (await entry(name)).deletePassword();
      } catch {
        throw new KeychainUnavailableError('delete');
      }
    },
    async isAvailable() {
      // Reading alone can answer "nothing there" with no store behind it: write, read back, delete.
      const probe = `availability-probe-${process.pid}`;
      try {
        await keychain.set(probe, 'ok');
        const value = await keychain.get(probe);
        await keychain.delete(probe);
        return value === 'ok';
      } catch {
        return false;
      }
    },
  };
  return keychain;
}

/** A keychain in memory, for the benchmark and for tools that bring their own secret; never used by the app. */
export function memoryKeychain(): Keychain {
  const secrets = new Map<string, string>();
  return {
    get: async (name) => secrets.get(name),
    set: async (name, secret) => void secrets.set(name, secret),
    delete: async (name) => secrets.delete(name),
    isAvailable: async () => true,
  };
}
