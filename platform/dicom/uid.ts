import { createHash, randomUUID } from 'node:crypto';

/**
 * UIDs under the 2.25 root, which needs no registration: "2.25." followed by a 128-bit number in
 * decimal (PS3.5 B.2, ISO/IEC 9834-8). At most 39 digits, so the UID stays under 64 characters.
 */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/** The same UID for the same name, so that a phantom seed always yields the same study. */
export function uidFromName(name: string): string {
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString()}`;
}
