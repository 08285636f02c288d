/**
 * Where the refresh token lives between runs: the OS keychain (main/keychain), one entry per
 * platform, holding the refresh token and who it belongs to, so a restart can show the user and
 * resume. The access token is never stored; it stays in main-process memory.
 *
 * Without a usable keychain the secret is kept in memory only: it is never written to disk in
 * plain text (the UI says so, and the session ends with the app).
 */
import { z } from 'zod';
import { SignedInUser } from '../../preload/contract/index.js';
import type { Keychain } from '../keychain/index.js';

export const StoredSession = z.object({
  refreshToken: z.string().min(1).max(8192),
  user: SignedInUser,
});
export type StoredSession = z.infer<typeof StoredSession>;

/** The keychain entry's name for a platform; tests read the real keychain by this name. */
export function sessionSecretName(issuer: string): string {
  return `platform-session ${issuer}`;
}

export class SessionSecretStore {
  private readonly memory = new Map<string, string>();

  private constructor(
    private readonly keychain: Keychain | undefined,
    readonly kind: 'keychain' | 'memory',
  ) {}

  /** Probes the keychain once: an unusable one (no Secret Service, locked) means memory only. */
  static async open(keychain: Keychain): Promise<SessionSecretStore> {
    const usable = await keychain.isAvailable().catch(() => false);
    return usable
      ? new SessionSecretStore(keychain, 'keychain')
      : new SessionSecretStore(undefined, 'memory');
  }

  async load(issuer: string): Promise<StoredSession | undefined> {
    const name = sessionSecretName(issuer);
    const text =
      this.keychain === undefined ? this.memory.get(name) : await this.keychain.get(name);
    if (text === undefined) return undefined;
    try {
      const parsed = StoredSession.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async save(issuer: string, session: StoredSession): Promise<void> {
    const name = sessionSecretName(issuer);
    const text = JSON.stringify(session);
    if (this.keychain === undefined) this.memory.set(name, text);
    else await this.keychain.set(name, text);
  }

  async delete(issuer: string): Promise<void> {
    const name = sessionSecretName(issuer);
    this.memory.delete(name);
    if (this.keychain !== undefined) await this.keychain.delete(name);
  }
}
