// Splitting values and cutting text between characters: kanji whose JIS X 0208 bytes hold 0x5C
// (宮 0x355C, 本 0x4B5C, 須 0x3F5C, 目 0x4C5C), 0x5E (五 0x385E) and 0x3D (宗 0x3D21 starts with
// it), JIS X 0212 (伙 0x305C), GBK (誠 0xD55C) and Shift_JIS (表 0x955C, 能 0x945C).
import { describe, expect, it } from 'vitest';
import {
  characterSpans,
  decodeText,
  isMultiByteCharacterSet,
  splitValues,
} from '../../../main/dicom/characterSet.js';
import { gbk, iso2022Japanese, shiftJis } from '../../support/multiByteText.js';

const decode = (text: string, charset: string): string =>
  decodeText(Buffer.from(text, 'latin1'), charset);

describe('values split only on delimiters between characters', () => {
  it('ISO 2022 IR 87: 宮本 and 須藤 (0x5C in both kanji) stay whole, two values stay two', () => {
    const charset = '\\ISO 2022 IR 87';
    const values = [iso2022Japanese('宮本^武蔵'), iso2022Japanese('須藤^目黒')];
    const joined = values.join('\\');
    expect(joined.split('\\').length).toBeGreaterThan(2); // what a byte split would give
    const parts = splitValues(joined, charset);
    expect(parts).toEqual(values);
    expect(parts.map((part) => decode(part, charset))).toEqual(['宮本^武蔵', '須藤^目黒']);
  });

  it('ISO 2022 IR 87: person-name groups and components split on ^ and = only between characters (五 has 0x5E, 宗 has 0x3D)', () => {
    const charset = 'ISO 2022 IR 6\\ISO 2022 IR 87';
    const name = iso2022Japanese('Igarashi^Souichi=五十嵐^宗一=いがらし^そういち');
    const parts = splitValues(name, charset, '^=');
    expect(parts.map((part) => decode(part, charset))).toEqual([
      'Igarashi',
      'Souichi',
      '五十嵐',
      '宗一',
      'いがらし',
      'そういち',
    ]);
  });

  it('ISO 2022 IR 159: a JIS X 0212 kanji with 0x5C (伙) is not a delimiter', () => {
    const charset = '\\ISO 2022 IR 87\\ISO 2022 IR 159';
    const value = `${iso2022Japanese('伙田^一')}\\${iso2022Japanese('本田^二')}`;
    expect(splitValues(value, charset).map((part) => decode(part, charset))).toEqual([
      '伙田^一',
      '本田^二',
    ]);
  });

  it('GB18030 and GBK: 誠 (0xD5 0x5C) is not a delimiter', () => {
    for (const charset of ['GB18030', 'GBK']) {
      const value = `${gbk('李^誠')}\\${gbk('王^運')}`;
      expect(splitValues(value, charset).map((part) => decode(part, charset))).toEqual([
        '李^誠',
        '王^運',
      ]);
    }
  });

  it('ISO_IR 13 read as Shift_JIS: 表 and 能 (trail byte 0x5C) are not delimiters', () => {
    const value = `${shiftJis('能見^表子')}\\${shiftJis('十河^申')}`;
    expect(splitValues(value, 'ISO_IR 13').map((part) => decode(part, 'ISO_IR 13'))).toEqual([
      '能見^表子',
      '十河^申',
    ]);
  });

  it('single-byte sets split as before', () => {
    expect(isMultiByteCharacterSet('ISO_IR 100')).toBe(false);
    expect(isMultiByteCharacterSet(undefined)).toBe(false);
    expect(splitValues('A^B\\C', 'ISO_IR 100')).toEqual(['A^B', 'C']);
    expect(splitValues('A^B=C', undefined, '^=')).toEqual(['A', 'B', 'C']);
  });
});

describe('character boundaries', () => {
  it('ISO 2022: no boundary inside a two-byte character; cutting a run restores the repertoire of what follows', () => {
    const charset = '\\ISO 2022 IR 87';
    const text = iso2022Japanese('MRA 宮本武蔵 head');
    const spans = characterSpans(text, charset);
    const run = text.indexOf('\x1b$B') + 3;
    expect(spans.isBoundary(run)).toBe(true);
    expect(spans.isBoundary(run + 1)).toBe(false);
    expect(spans.isBoundary(run + 2)).toBe(true);
    // Cutting from before ESC $ B into the run: what follows is still JIS X 0208, so ESC $ B is written.
    expect(spans.restore(run - 3, run + 4)).toBe('\x1b$B');
    // Cutting a whole run with its escapes changes nothing.
    const end = text.indexOf('\x1b(B') + 3;
    expect(spans.restore(run - 3, end)).toBe('');
    // Cutting from inside the run past its end: ESC ( B back to ASCII.
    expect(spans.restore(run + 2, end)).toBe('\x1b(B');
  });
});
