/**
 * Mitate's UIDs, all under the 2.25 root (PS3.5 B.2: "2.25." followed by a UUID as one decimal
 * integer), which needs no registered organisation root.
 */
import { randomUUID } from 'node:crypto';

/** Mitate's Implementation Class UID (PS3.7 D.3.3.2) in the meta group of every file it writes. */
export const IMPLEMENTATION_CLASS_UID = '2.25.189004339910131599938122466479842201350';
export const IMPLEMENTATION_VERSION_NAME = 'MITATE_0_1';

/** A new UID from a random UUID. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString()}`;
}

/**
 * A UID derived from 16 or more bytes (a keyed hash, say): the first 128 bits become a UUID with
 * RFC 9562 version 8 (custom) and variant bits set, so the same bytes give the same UID.
 */
export function uidFromBytes(digest: Uint8Array): string {
  if (digest.length < 16) throw new RangeError('a derived UID needs at least 16 bytes');
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}
