/**
 * Keyed derivations of pseudonyms: the same original gives the same pseudonym on every send from
 * this installation (so a second send of a study, or a later study of the same patient, lines up),
 * and without the installation secret (kept in the OS keychain) nobody can recompute or reverse it.
 */
import { createHmac } from 'node:crypto';
import { uidFromBytes } from '../dicom/index.js';

export interface PseudonymKeys {
  uid(original: string): string;
  patientPseudonym(patientKey: string): string;
  /** Whole days to add to every date of this patient (negative: into the past), never 0. */
  dateOffsetDays(patientKey: string): number;
}

export function createPseudonymKeys(secret: Uint8Array): PseudonymKeys {
  if (secret.length < 32) throw new RangeError('the pseudonym secret must be at least 32 bytes');
  const mac = (purpose: string, value: string): Buffer =>
    createHmac('sha256', secret).update(`${purpose}\0${value}`, 'utf8').digest();
  const uids = new Map<string, string>();
  // Asked for once per instance, so once per patient is enough.
  const pseudonyms = new Map<string, string>();
  const offsets = new Map<string, number>();
  return {
    uid(original) {
      let derived = uids.get(original);
      if (derived === undefined) {
        derived = uidFromBytes(mac('uid', original));
        uids.set(original, derived);
      }
      return derived;
    },
    patientPseudonym(patientKey) {
      let pseudonym = pseudonyms.get(patientKey);
      if (pseudonym === undefined) {
        // Crockford base32 without I, L, O, U: readable on a phone call, and never a real-looking ID.
        const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        const bytes = mac('patient', patientKey);
        let text = '';
        for (let index = 0; index < 10; index++) text += alphabet[bytes[index]! & 31];
        pseudonym = `MT-${text}`;
        pseudonyms.set(patientKey, pseudonym);
      }
      return pseudonym;
    },
    dateOffsetDays(patientKey) {
      let offset = offsets.get(patientKey);
      if (offset === undefined) {
        // Between 1 and 3650 days into the past: keeps intervals, hides the real calendar.
        offset = -(1 + (mac('date-offset', patientKey).readUInt32BE(0) % 3650));
        offsets.set(patientKey, offset);
      }
      return offset;
    },
  };
}
