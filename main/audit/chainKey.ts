/**
 * The key of the audit chain. A plain SHA-256 chain can be recomputed by anyone who can write the
 * file (cut the newest records, rehash the rest, and it verifies); an HMAC under a key kept in
 * the OS keychain, outside the data folder, cannot. `since` is the first record sealed with the
 * key: records before it were written unkeyed by an older version, and stay checkable as such.
 * It lives in the keychain beside the key, so rewriting the file cannot move it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Keychain } from '../keychain/index.js';

export interface ChainKey {
  key: Buffer;
  since: number;
}

const Stored = z.object({
  v: z.literal(1),
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  since: z.number().int().positive(),
});

/** One key per log file, named by a hash of its full path (no path or user name in the keychain). */
export function chainKeyName(file: string): string {
  const id = createHash('sha256').update(resolve(file)).digest('hex').slice(0, 24);
  return `audit-chain-key ${id}`;
}

/** The log's key, or undefined when none was ever made (an unkeyed log) or it is unreadable. */
export async function loadChainKey(
  keychain: Keychain,
  file: string,
): Promise<ChainKey | undefined> {
  const text = await keychain.get(chainKeyName(file));
  if (text === undefined) return undefined;
  try {
    const stored = Stored.parse(JSON.parse(text));
    return { key: Buffer.from(stored.key, 'base64url'), since: stored.since };
  } catch {
    return undefined;
  }
}

/** The log's key, made now (keying records from `nextSeq` on) when there is none yet. */
export async function ensureChainKey(
  keychain: Keychain,
  file: string,
  nextSeq: number,
): Promise<ChainKey> {
  const existing = await loadChainKey(keychain, file);
  if (existing !== undefined) return existing;
  const key = randomBytes(32);
  const stored = { v: 1, key: key.toString('base64url'), since: nextSeq };
  await keychain.set(chainKeyName(file), JSON.stringify(stored));
  // Read back: another process may have made one at the same moment; the keychain's copy wins.
  return (await loadChainKey(keychain, file)) ?? { key, since: nextSeq };
}
