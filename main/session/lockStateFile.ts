/**
 * The screen lock's state on disk (`<data>/session/screen-lock.json`, 0600 in a 0700 folder), so a
 * restart, a crash or a resume from sleep cannot lift the lock. It holds no patient data and no
 * name: whether the screen is locked, the wall-clock time of the last activity, and the locked
 * user as an HMAC of the platform's subject under a random per-file key (enough to tell "the same
 * user" at unlock, nothing to identify anybody from the file).
 *
 * Written synchronously (temporary file, fsync, rename), so the lock is on disk before the call
 * that engaged it returns; a crash leaves the old or the new state, never half of one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';

export interface PersistedLock {
  locked: boolean;
  /** Epoch milliseconds of the last user activity (wall clock: time asleep counts). */
  lastActivityAt: number;
  /** HMAC-SHA256 of the locked user's subject under `key`; absent when anyone may unlock. */
  owner?: string;
  /** Random key of this file's HMAC, base64url. */
  key?: string;
}

const persistedLock = z.object({
  locked: z.boolean(),
  lastActivityAt: z.number().finite(),
  owner: z.string().max(100).optional(),
  key: z.string().max(100).optional(),
});

export function lockStatePath(dataDir: string): string {
  return join(dataDir, 'session', 'screen-lock.json');
}

/**
 * The state found at start. No file: never locked. A file that cannot be read or parsed fails
 * closed: locked, with no owner (any user's fresh login lifts it).
 */
export function readLockState(path: string, now: number): PersistedLock | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { locked: true, lastActivityAt: now };
  }
  try {
    const parsed = persistedLock.parse(JSON.parse(text));
    return {
      locked: parsed.locked,
      lastActivityAt: parsed.lastActivityAt,
      ...(parsed.owner === undefined ? {} : { owner: parsed.owner }),
      ...(parsed.key === undefined ? {} : { key: parsed.key }),
    };
  } catch {
    return { locked: true, lastActivityAt: now };
  }
}

export function writeLockState(path: string, state: PersistedLock): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

export function newOwnerKey(): string {
  return randomBytes(32).toString('base64url');
}

export function ownerId(key: string, subject: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(subject).digest('base64url');
}

export function sameOwner(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
