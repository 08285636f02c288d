import { describe, expect, it } from 'vitest';
import { IMPLEMENTATION_CLASS_UID, newUid, uidFromBytes } from '../../../../main/dicom/index.js';

/** PS3.5 §9.1 and B.2: digits and dots, no leading zero in a component, at most 64 characters. */
const VALID_UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

describe('UIDs', () => {
  it('new UIDs are valid 2.25 UIDs and differ every time', () => {
    const uids = Array.from({ length: 50 }, () => newUid());
    for (const uid of uids) {
      expect(uid).toMatch(VALID_UID);
      expect(uid.startsWith('2.25.')).toBe(true);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(uids).size).toBe(uids.length);
    expect(IMPLEMENTATION_CLASS_UID).toMatch(VALID_UID);
  });

  it('a derived UID depends only on its bytes and carries the version 8 UUID bits', () => {
    const digest = Uint8Array.from({ length: 32 }, (_, index) => index * 7);
    const uid = uidFromBytes(digest);
    expect(uid).toBe(uidFromBytes(digest.slice()));
    expect(uid).toMatch(VALID_UID);
    const hex = BigInt(uid.slice('2.25.'.length)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('8');
    expect(['8', '9', 'a', 'b']).toContain(hex[16]);
    // The input is not modified.
    expect(digest[6]).toBe(42);
    expect(() => uidFromBytes(new Uint8Array(8))).toThrow(RangeError);
  });
});
