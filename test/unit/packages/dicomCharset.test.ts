import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../main/dicom/characterSet.js';
import { readHeader } from '../../../main/dicom/readHeader.js';
import { testData } from '../../support/paths.js';

async function patientName(file: string) {
  const path = testData(`japanese-names/${file}`);
  const result = await readHeader(path, statSync(path).size);
  if (result.kind !== 'instance') throw new Error(`${file} did not parse: ${result.kind}`);
  return result.header;
}

describe('Japanese person names (PS3.5 Annex H)', () => {
  it('reads ISO_IR 192 (UTF-8)', async () => {
    const header = await patientName('utf8.dcm');
    expect(header.patientName).toEqual({
      alphabetic: 'Yamada Tarou',
      ideographic: '山田 太郎',
      phonetic: 'やまだ たろう',
    });
    expect(header.studyDescription).toBe('頭部 MRA (utf8)');
  });

  it('reads ISO 2022 IR 87 with escape sequences reset at each delimiter', async () => {
    const header = await patientName('ir87.dcm');
    expect(header.patientName).toEqual({
      alphabetic: 'Yamada Tarou',
      ideographic: '山田 太郎',
      phonetic: 'やまだ たろう',
    });
    expect(header.studyDescription).toBe('頭部 MRA (ir87)');
  });

  it('reads ISO 2022 IR 13 half-width katakana in the first group', async () => {
    const header = await patientName('ir13.dcm');
    expect(header.patientName).toEqual({
      alphabetic: 'ﾔﾏﾀﾞ ﾀﾛｳ',
      ideographic: '山田 太郎',
      phonetic: 'やまだ たろう',
    });
    expect(header.studyDescription).toBe('頭部 MRA (ir13)');
  });
});

describe('decodeText', () => {
  it('treats an absent character set as the default repertoire', () => {
    expect(decodeText(new TextEncoder().encode('DOE^JOHN'), undefined)).toBe('DOE^JOHN');
  });

  it('decodes Latin-1 (ISO_IR 100)', () => {
    expect(
      decodeText(
        Uint8Array.from([0x42, 0x75, 0x63, 0x5e, 0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]),
        'ISO_IR 100',
      ),
    ).toBe('Buc^Jérôme');
  });

  it('decodes Cyrillic (ISO_IR 144) from PS3.5 Annex I', () => {
    const bytes = Uint8Array.from([0xbb, 0xee, 0xda, 0x63, 0x65, 0xdc, 0xd1, 0x79, 0x70, 0xd3]);
    expect(decodeText(bytes, 'ISO_IR 144')).toBe('Люкceмбypг');
  });

  it('decodes Korean (ISO 2022 IR 149) from PS3.5 Annex I', () => {
    const bytes = Uint8Array.from([
      0x48, 0x6f, 0x6e, 0x67, 0x5e, 0x47, 0x69, 0x6c, 0x64, 0x6f, 0x6e, 0x67, 0x3d, 0x1b, 0x24,
      0x29, 0x43, 0xfb, 0xf3, 0x5e, 0x1b, 0x24, 0x29, 0x43, 0xd1, 0xce, 0xd4, 0xd7,
    ]);
    expect(decodeText(bytes, '\\ISO 2022 IR 149')).toBe('Hong^Gildong=洪^吉洞');
  });

  it('keeps going on an unknown character set instead of failing', () => {
    expect(decodeText(new TextEncoder().encode('ABC'), 'ISO_IR 999')).toBe('ABC');
  });
});
