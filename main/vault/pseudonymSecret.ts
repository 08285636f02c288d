/**
 * The per-installation secret behind every keyed pseudonym (UIDs, patient pseudonyms, date
 * offsets). Created on first use and kept in the OS keychain only, so the same study gets the
 * same pseudonyms on every send from this workstation and on no other.
 */
import { randomBytes } from 'node:crypto';
import { createPseudonymKeys, type PseudonymKeys } from '../deid/index.js';
import type { Keychain } from '../keychain/index.js';

export const PSEUDONYM_SECRET_NAME = 'pseudonym-secret';

export async function loadPseudonymKeys(keychain: Keychain): Promise<PseudonymKeys> {
  let stored = await keychain.get(PSEUDONYM_SECRET_NAME);
  if (stored === undefined) {
    stored = randomBytes(32).toString('base64');
    await keychain.set(PSEUDONYM_SECRET_NAME, stored);
  }
  return createPseudonymKeys(Buffer.from(stored, 'base64'));
}
