// Multi-byte names through the whole engine: kanji whose JIS X 0208 bytes contain '\' (宮 0x355C,
// 本 0x4B5C), '^' (五 0x385E) and '=' (宗 0x3D21), in PN and LO values, several values each, in
// ISO 2022 IR 87, GB18030 and Shift_JIS. No name may survive in the output bytes, and no value may
// gain a delimiter: a cut through half a character once left a lone backslash that split a value.
import { describe, expect, it } from 'vitest';
import { decodeText, parseDicomFile, splitValues, textOf } from '../../../../main/dicom/index.js';
import { cleanText } from '../../../../main/deid/deidValues.js';
import { collectIdentifyingTexts } from '../../../../main/deid/identifyingTexts.js';
import { gbk, iso2022Japanese, jisBytes, shiftJis } from '../../../support/multiByteText.js';
import {
  craft,
  deid,
  item,
  sequence,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
/** Text values are padded to an even length with a space (PS3.5 §6.2). */
const even = (text: string): Buffer => latin1(text.length % 2 ? `${text} ` : text);

const JIS = '\\ISO 2022 IR 87';
const SURNAMES = ['宮本', '五十嵐'];
const GIVEN = ['武蔵', '宗一'];

function japaneseStudy(): Uint8Array {
  return craft([
    value(0x00080005, 'CS', JIS),
    // Study Description (X, C under Clean Descriptors) quoting the patient.
    value(0x00081030, 'LO', even(iso2022Japanese('頭部MRA 宮本武蔵 様'))),
    // Admitting Diagnoses Description (X, C under Clean Descriptors): two values, both naming people.
    value(
      0x00081080,
      'LO',
      even(`${iso2022Japanese('宮本武蔵 頭痛')}\\${iso2022Japanese('五十嵐宗一医師 紹介')}`),
    ),
    // Other Patient Names: two PN values with all three groups.
    value(
      0x00101001,
      'PN',
      even(
        `${iso2022Japanese('Miyamoto^Musashi=宮本^武蔵=みやもと^むさし')}\\${iso2022Japanese('Igarashi^Souichi=五十嵐^宗一=いがらし^そういち')}`,
      ),
    ),
  ]);
}

describe('ISO 2022 IR 87 names whose bytes hold delimiters', () => {
  it('identifying values are whole names and components, never halves of a kanji', () => {
    const file = parseDicomFile(japaneseStudy());
    const texts = [...collectIdentifyingTexts(file.body, new Set())];
    const decoded = texts.map((text) => decodeText(latin1(text), JIS));
    for (const part of [...SURNAMES, ...GIVEN]) expect(decoded).toContain(part);
    expect(decoded.join('')).not.toContain('\ufffd');
  });

  for (const options of [['cleanDescriptors'], []] as const) {
    it(`no kanji of the names survives, and no value gains a delimiter (${options.join(', ') || 'basic'})`, async () => {
      const result = await deid(japaneseStudy(), [...options]);
      expect(survivors(result, [...SURNAMES, ...GIVEN].map(jisBytes))).toEqual([]);
      const out = parseDicomFile(new Uint8Array(result.output!));
      for (const element of out.body) {
        if (![0x00081030, 0x00081080].includes(element.tag)) continue;
        const text = textOf(element);
        // Cleaned, still one (Study Description) and two (diagnoses) values, every character whole.
        expect(splitValues(text, JIS)).toHaveLength(element.tag === 0x00081030 ? 1 : 2);
        const shown = decodeText(latin1(text), JIS);
        expect(shown).not.toContain('\ufffd');
        expect(shown).not.toMatch(/[宮本五十嵐武蔵宗一]/);
      }
      if (options.length > 0)
        expect(out.body.some((element) => element.tag === 0x00081030)).toBe(true);
    });
  }
});

describe('two-byte sets whose second byte can be a backslash', () => {
  it('GB18030: 誠 (0xD5 0x5C) in a name quoted in a cleaned description does not survive', async () => {
    const result = await deid(
      craft([
        value(0x00080005, 'CS', 'GB18030'),
        value(0x00081030, 'LO', even(gbk('头部 李誠运 复查'))),
        value(0x00101001, 'PN', even(`${gbk('李^誠运')}\\${gbk('王^運')}`)),
      ]),
      ['cleanDescriptors'],
    );
    expect(survivors(result, [gbk('誠运'), gbk('李')])).toEqual([]);
    const out = parseDicomFile(new Uint8Array(result.output!));
    const description = out.body.find((element) => element.tag === 0x00081030)!;
    expect(splitValues(textOf(description), 'GB18030')).toHaveLength(1);
    // Its whole value is the instance's own identifying text: it goes, as one value.
    expect(decodeText(latin1(textOf(description)), 'GB18030')).toBe('REMOVED');
  });

  it('Shift_JIS under ISO_IR 13: 能 and 表 (second byte 0x5C) in a quoted name do not survive', async () => {
    const result = await deid(
      craft([
        value(0x00080005, 'CS', 'ISO_IR 13'),
        value(0x00081030, 'LO', even(shiftJis('MRA 能見表子'))),
        value(0x00101001, 'PN', even(`${shiftJis('能見^表子')}\\${shiftJis('十河^申')}`)),
      ]),
      ['cleanDescriptors'],
    );
    expect(survivors(result, [shiftJis('能見'), shiftJis('表子')])).toEqual([]);
    const out = parseDicomFile(new Uint8Array(result.output!));
    const description = out.body.find((element) => element.tag === 0x00081030)!;
    expect(splitValues(textOf(description), 'ISO_IR 13')).toHaveLength(1);
    expect(decodeText(latin1(textOf(description)), 'ISO_IR 13')).toBe('REMOVED');
  });
});

describe('cleaning cuts between characters', () => {
  it('a name taken out of the middle of a JIS X 0208 run leaves the rest of the run readable', () => {
    const text = iso2022Japanese('頭部宮本武蔵様');
    // The identifying value is the surname with its own escapes, as a PN component is written.
    const cleaned = cleanText(text, [iso2022Japanese('宮本'), iso2022Japanese('武蔵')], JIS);
    // Inside the run no ESC $ B precedes 宮本: its characters are found all the same.
    expect(decodeText(latin1(cleaned), JIS)).toBe('頭部様');
  });

  it('bytes that match across two kanji are not cut', () => {
    // 0x5C 0x4B is the second byte of 宮 and the first of 本: not a character of the text.
    const text = iso2022Japanese('宮本');
    expect(cleanText(text, ['\\K'], JIS)).toBe(text);
    // Nor are a kanji's bytes taken for ASCII where the text is in ASCII: 5\ is 宮 only in a run.
    expect(cleanText('ID 5\\K\\', [iso2022Japanese('宮本')], JIS)).toBe('ID 5\\K\\');
  });

  it('a cut from ASCII into a run writes the escape sequence of what follows', () => {
    const text = iso2022Japanese('Dr 宮本様');
    const cleaned = cleanText(text, [`Dr \x1b$B${jisBytes('宮本')}`], JIS);
    expect(decodeText(latin1(cleaned), JIS)).toBe('様');
  });

  it("a local code value naming the patient is cleaned in its item's character set", async () => {
    const name = iso2022Japanese('Miyamoto^Musashi=宮本^武蔵');
    const result = await deid(
      craft([
        value(0x00080005, 'CS', JIS),
        value(0x00101001, 'PN', even(name)),
        sequence(0x00081032, [
          item([
            value(0x00080100, 'SH', even(iso2022Japanese('宮本CT'))),
            value(0x00080102, 'SH', '99LOCAL'),
            value(0x00080104, 'LO', even(iso2022Japanese('宮本様の頭部CT'))),
          ]),
        ]),
      ]),
      ['cleanDescriptors'],
    );
    expect(survivors(result, [jisBytes('宮本'), jisBytes('武蔵')])).toEqual([]);
    const out = parseDicomFile(new Uint8Array(result.output!));
    const code = out.body.find((element) => element.tag === 0x00081032)!.items![0]!.elements;
    const codeValue = textOf(code.find((element) => element.tag === 0x00080100)!);
    expect(decodeText(latin1(codeValue), JIS)).toBe('CT');
  });
});
