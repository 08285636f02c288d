import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../preload/contract/index.js';
import { en } from '../../../../renderer/i18n/en.js';
import { ja } from '../../../../renderer/i18n/ja.js';
import { formatDicomDate } from '../../../../renderer/format/dates.js';
import { primaryName, secondaryNames } from '../../../../renderer/format/personName.js';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keys(value as object, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('messages', () => {
  it('has the same keys in Japanese and English', () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  it('has a readable message for every error code in both languages', () => {
    for (const code of ErrorCode.options) {
      expect(ja.error[code], code).toMatch(/\S/);
      expect(en.error[code], code).toMatch(/\S/);
    }
  });

  it('uses the same interpolation placeholders in both languages', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const flat = (tree: object): Map<string, string> =>
      new Map(
        keys(tree).map((key) => [
          key,
          key
            .split('.')
            .reduce<unknown>(
              (node, part) => (node as Record<string, unknown>)[part],
              tree,
            ) as string,
        ]),
      );
    const jaFlat = flat(ja);
    for (const [key, text] of flat(en))
      expect(placeholders(text), key).toEqual(placeholders(jaFlat.get(key) ?? ''));
  });
});

describe('formatting', () => {
  it('shows dates the way each locale writes them', () => {
    expect(formatDicomDate('20230113', 'ja')).toBe('2023/01/13');
    expect(formatDicomDate('20230113', 'en')).toBe('2023-01-13');
    expect(formatDicomDate('', 'ja')).toBe('');
  });

  it('puts the kanji name first in Japanese and the romanised one first in English', () => {
    const name = {
      alphabetic: 'Yamada Tarou',
      ideographic: '山田 太郎',
      phonetic: 'やまだ たろう',
    };
    expect(primaryName(name, 'ja')).toBe('山田 太郎');
    expect(secondaryNames(name, 'ja')).toEqual(['やまだ たろう', 'Yamada Tarou']);
    expect(primaryName(name, 'en')).toBe('Yamada Tarou');
    expect(primaryName({ alphabetic: 'Development', ideographic: '', phonetic: '' }, 'ja')).toBe(
      'Development',
    );
  });
});
