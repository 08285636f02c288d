/**
 * The Japanese messages follow one style, so the screens read as one voice: full-width
 * parentheses in Japanese sentences, a half-width space between Latin letters or digits and
 * kana or kanji, and one word per idea (仮名化, not 匿名化, for what the app does; ログイン, not
 * サインイン; 検査 for a study, シリーズ for a series, 所見 for a finding).
 */
import { describe, expect, it } from 'vitest';
import { ja } from '../../../../renderer/i18n/ja.js';
import { en } from '../../../../renderer/i18n/en.js';

function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    leaves(inner, path === '' ? key : `${path}.${key}`),
  );
}

const KANA_KANJI = '[\\u3040-\\u30fa\\u30fc-\\u30ff\\u3400-\\u9fff]';
const messages = leaves(ja);
const japanese = messages.filter(([, text]) => new RegExp(KANA_KANJI).test(text));

describe('the Japanese messages', () => {
  it('use full-width parentheses in Japanese sentences', () => {
    expect(japanese.filter(([, text]) => /[()]/.test(text))).toEqual([]);
  });

  it('put a space between Latin letters or digits and kana or kanji', () => {
    const tight = new RegExp(`[A-Za-z0-9]${KANA_KANJI}|${KANA_KANJI}[A-Za-z0-9]`);
    expect(japanese.filter(([, text]) => tight.test(text))).toEqual([]);
  });

  it('use one word per idea', () => {
    const other = /匿名化|サインイン|スタディ|ファインディング|原画像/;
    expect(japanese.filter(([, text]) => other.test(text))).toEqual([]);
  });

  it('say in every error whom to ask', () => {
    const errors = leaves(ja.error).filter(
      ([key]) => key !== 'import_cancelled' && key !== 'auth_cancelled',
    );
    expect(errors.filter(([, text]) => !/管理者|運営者/.test(text))).toEqual([]);
    const english = leaves(en.error).filter(
      ([key]) => key !== 'import_cancelled' && key !== 'auth_cancelled',
    );
    expect(english.filter(([, text]) => !/administrator|operator/.test(text))).toEqual([]);
  });
});
