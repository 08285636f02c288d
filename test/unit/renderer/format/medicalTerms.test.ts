import { describe, expect, it } from 'vitest';
import { termOf, translateTerm } from '../../../../renderer/format/medicalTerms.js';

describe('terms from AI results in the reader’s language', () => {
  it('translates code meanings and numbered segment labels into Japanese, keeping the number', () => {
    expect(translateTerm('Intracranial aneurysm', 'ja')).toBe('頭蓋内動脈瘤');
    expect(translateTerm('Cerebral artery', 'ja')).toBe('脳動脈');
    expect(translateTerm('Aneurysm candidate 2', 'ja')).toBe('動脈瘤候補 2');
    expect(translateTerm('Spinal cord', 'ja')).toBe('脊髄');
    expect(translateTerm('LIVER', 'ja')).toBe('肝臓');
  });

  it('keeps the object’s words in English, and where no translation is known', () => {
    expect(translateTerm('Intracranial aneurysm', 'en')).toBe('Intracranial aneurysm');
    expect(translateTerm('Segment of unknown meaning', 'ja')).toBe('Segment of unknown meaning');
    expect(translateTerm('Tumor 12b', 'ja')).toBe('Tumor 12b');
  });

  it('names the original beside a translation only', () => {
    expect(termOf('Brain', 'ja')).toEqual({ shown: '脳', original: 'Brain' });
    expect(termOf('Brain', 'en')).toEqual({ shown: 'Brain' });
  });
});
