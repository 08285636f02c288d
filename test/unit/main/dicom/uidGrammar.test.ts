// The DICOM UID grammar (PS3.5 §9.1) that every UID from outside must pass before any use.
import { describe, expect, it } from 'vitest';
import { isDicomUid } from '../../../../main/dicom/index.js';

describe('isDicomUid', () => {
  it('accepts UIDs of the grammar', () => {
    for (const uid of ['0', '1.2.840.10008.1.2.1', '2.25.0.1', `1.${'2'.repeat(62)}`])
      expect(isDicomUid(uid), uid).toBe(true);
  });
  it('refuses paths, empty and leading-zero components, other characters and length > 64', () => {
    for (const uid of [
      '',
      '..',
      '../../x',
      '1..2',
      '.1.2',
      '1.2.',
      '1.02',
      '01.2',
      '1.2/3',
      '1.2\\3',
      '1.2 ',
      '1.2\0',
      '/etc/passwd',
      `1.${'2'.repeat(63)}`,
    ])
      expect(isDicomUid(uid), JSON.stringify(uid)).toBe(false);
    expect(isDicomUid(12)).toBe(false);
  });
});
