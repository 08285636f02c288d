/**
 * The local unlock PIN: a factor that lifts the screen lock on this workstation without a round
 * trip to the platform's login pages. Each PIN belongs to whoever the lock protects: the signed-in
 * user (by the lock file's keyed HMAC of their subject, screenLock.ts) or, when nobody is signed
 * in, the workstation itself.
 *
 * Only a slow hash is kept (scrypt, RFC 7914, N = 2^15, r = 8, p = 1, a random salt per PIN) in
 * `<data>/session/unlock-pin.json` (0600 in a 0700 folder). Guessing is bounded: after
 * FREE_ATTEMPTS wrong PINs every further attempt waits, 30 s doubling up to an hour, and the
 * count and the wait are on disk, so a restart buys no new guesses. A six-digit PIN then takes
 * years to guess.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';

const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;
export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 3_600_000;

const StoredPin = z.object({
  salt: z.string().max(64),
  hash: z.string().max(128),
  failures: z.number().int().nonnegative(),
  /** Epoch milliseconds before which no attempt is checked. */
  retryAt: z.number().finite().optional(),
});
type StoredPin = z.infer<typeof StoredPin>;
const PinFile = z.object({ pins: z.record(z.string().max(100), StoredPin) });

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong' | 'wait' | 'none'; retryAt?: number };

export function unlockPinPath(dataDir: string): string {
  return join(dataDir, 'session', 'unlock-pin.json');
}

function hashPin(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error === null ? resolve(key) : reject(error),
    ),
  );
}

/** How long the attempt after `failures` wrong PINs must wait (0 for the first few). */
export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS));
}

export class UnlockPins {
  private constructor(
    private readonly file: string,
    private readonly pins: Map<string, StoredPin>,
    private readonly now: () => number,
  ) {}

  /** An unreadable file keeps no PIN (the platform login still unlocks); a missing one is empty. */
  static async open(dataDir: string, now: () => number = Date.now): Promise<UnlockPins> {
    const file = unlockPinPath(dataDir);
    const pins = new Map<string, StoredPin>();
    try {
      const parsed = PinFile.parse(JSON.parse(await readFile(file, 'utf8')));
      for (const [owner, pin] of Object.entries(parsed.pins)) pins.set(owner, pin);
    } catch {
      // ENOENT or a damaged file: no PIN.
    }
    return new UnlockPins(file, pins, now);
  }

  has(owner: string): boolean {
    return this.pins.has(owner);
  }

  /** The time before which `owner`'s next attempt is refused, if it is still ahead. */
  retryAt(owner: string): number | undefined {
    const at = this.pins.get(owner)?.retryAt;
    return at !== undefined && at > this.now() ? at : undefined;
  }

  async set(owner: string, pin: string): Promise<void> {
    const salt = randomBytes(16);
    const hash = await hashPin(pin, salt);
    this.pins.set(owner, {
      salt: salt.toString('base64url'),
      hash: hash.toString('base64url'),
      failures: 0,
    });
    await this.save();
  }

  async check(owner: string, pin: string): Promise<PinCheck> {
    const stored = this.pins.get(owner);
    if (stored === undefined) return { ok: false, reason: 'none' };
    const waitUntil = this.retryAt(owner);
    if (waitUntil !== undefined) return { ok: false, reason: 'wait', retryAt: waitUntil };
    const expected = Buffer.from(stored.hash, 'base64url');
    const actual = await hashPin(pin, Buffer.from(stored.salt, 'base64url'));
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
      this.pins.set(owner, { salt: stored.salt, hash: stored.hash, failures: 0 });
      await this.save();
      return { ok: true };
    }
    const failures = stored.failures + 1;
    const wait = waitAfter(failures);
    const retryAt = wait === 0 ? undefined : this.now() + wait;
    this.pins.set(owner, { ...stored, failures, ...(retryAt === undefined ? {} : { retryAt }) });
    await this.save();
    return { ok: false, reason: 'wrong', ...(retryAt === undefined ? {} : { retryAt }) };
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify({ pins: Object.fromEntries(this.pins) }));
  }
}
