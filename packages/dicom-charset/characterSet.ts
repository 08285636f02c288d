/**
 * Decoding of DICOM text values according to Specific Character Set (0008,0005).
 *
 * PS3.5 §6.1 and Annex H/I/J: single-byte sets map to WHATWG encodings; the ISO 2022 sets used in
 * Japan ("ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159") switch repertoires with escape
 * sequences, and every delimiter ('^', '=', '\', CR, LF, TAB, FF) returns to the default
 * repertoire (PS3.5 §6.1.2.5.3). TextDecoder('iso-2022-jp') knows neither the 8-bit half-width
 * katakana of IR 13 nor that reset rule, so the ISO 2022 case is decoded here segment by segment.
 */

import { parseCharacterSets, usesCodeExtensions } from './characterSetTerms.js';

export { parseCharacterSets } from './characterSetTerms.js';
export {
  characterSpans,
  isMultiByteCharacterSet,
  splitValues,
  type CharacterSpans,
} from './valueCharacters.js';

const ESC = 0x1b;

/** Defined Terms of PS3.3 C.12.1.1.2 mapped to decoder labels Node and Chromium both know. */
const SINGLE_BYTE: Readonly<Record<string, string>> = {
  '': 'windows-1252',
  ISO_IR_6: 'windows-1252',
  ISO_IR_100: 'windows-1252',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'windows-1254',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  ISO_IR_13: 'shift_jis',
};

type Repertoire = 'ascii' | 'jisx0201' | 'jisx0208' | 'jisx0212' | 'ksx1001' | 'latin1';

const decoders = new Map<string, TextDecoder>();
function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    decoder = new TextDecoder(label);
    decoders.set(label, decoder);
  }
  return decoder;
}

/** Escape sequences of PS3.3 Table C.12-3/C.12-4 that this reader understands. */
function repertoireAfterEscape(
  bytes: Uint8Array,
  at: number,
): { repertoire: Repertoire; length: number } | undefined {
  const b1 = bytes[at + 1];
  const b2 = bytes[at + 2];
  const b3 = bytes[at + 3];
  if (b1 === 0x28 && b2 === 0x42) return { repertoire: 'ascii', length: 3 }; // ESC ( B
  if (b1 === 0x28 && b2 === 0x4a) return { repertoire: 'jisx0201', length: 3 }; // ESC ( J (IR 14)
  if (b1 === 0x29 && b2 === 0x49) return { repertoire: 'jisx0201', length: 3 }; // ESC ) I (IR 13 G1)
  if (b1 === 0x24 && b2 === 0x42) return { repertoire: 'jisx0208', length: 3 }; // ESC $ B (IR 87)
  if (b1 === 0x24 && b2 === 0x40) return { repertoire: 'jisx0208', length: 3 }; // ESC $ @ (old JIS)
  if (b1 === 0x24 && b2 === 0x28 && b3 === 0x44) return { repertoire: 'jisx0212', length: 4 }; // IR 159
  if (b1 === 0x24 && b2 === 0x29 && b3 === 0x43) return { repertoire: 'ksx1001', length: 4 }; // IR 149
  if (b1 === 0x2d && b2 === 0x41) return { repertoire: 'latin1', length: 3 }; // ESC - A (IR 100)
  return undefined;
}

function isDelimiter(byte: number): boolean {
  // '^' '=' '\' CR LF TAB FF reset to the default repertoire (PS3.5 §6.1.2.5.3)
  return (
    byte === 0x5e ||
    byte === 0x3d ||
    byte === 0x5c ||
    byte === 0x0d ||
    byte === 0x0a ||
    byte === 0x09 ||
    byte === 0x0c
  );
}

function decodeSegment(bytes: Uint8Array, repertoire: Repertoire): string {
  switch (repertoire) {
    case 'jisx0208': {
      // JIS X 0208 is designated to G0: 7-bit pairs. EUC-JP is the same with the high bit set.
      const euc = bytes.map((b) => (b >= 0x21 && b <= 0x7e ? b | 0x80 : b));
      return decoderFor('euc-jp').decode(euc);
    }
    case 'ksx1001':
      // KS X 1001 is designated to G1 (8-bit) with ASCII in G0: exactly EUC-KR.
      return decoderFor('euc-kr').decode(bytes);
    case 'jisx0212': {
      // EUC-JP carries JIS X 0212 after the single shift 0x8F.
      const out: number[] = [];
      for (let i = 0; i + 1 < bytes.length; i += 2)
        out.push(0x8f, (bytes[i] ?? 0) | 0x80, (bytes[i + 1] ?? 0) | 0x80);
      return decoderFor('euc-jp').decode(Uint8Array.from(out));
    }
    case 'jisx0201':
      // Shift_JIS holds JIS X 0201 roman in 0x00-0x7F and half-width katakana in 0xA1-0xDF.
      return decoderFor('shift_jis').decode(bytes);
    case 'latin1':
      return decoderFor('windows-1252').decode(bytes);
    case 'ascii':
      return decoderFor(
        bytes.some((b) => b >= 0xa1 && b <= 0xdf) ? 'shift_jis' : 'windows-1252',
      ).decode(bytes);
  }
}

function decodeIso2022(bytes: Uint8Array, terms: string[]): string {
  // The first value names the default repertoire; IR 13 there means half-width katakana in G1.
  const initial: Repertoire = terms[0] === 'ISO_2022_IR_13' ? 'jisx0201' : 'ascii';
  let repertoire: Repertoire = initial;
  let text = '';
  let start = 0;
  const flush = (end: number): void => {
    if (end > start) text += decodeSegment(bytes.subarray(start, end), repertoire);
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === ESC) {
      const escape = repertoireAfterEscape(bytes, i);
      if (escape !== undefined) {
        flush(i);
        repertoire =
          escape.repertoire === 'ascii' && initial === 'jisx0201' ? 'jisx0201' : escape.repertoire;
        i += escape.length - 1;
        start = i + 1;
        continue;
      }
    }
    // In a G0 multi-byte set a delimiter byte is half of a character; elsewhere it is a delimiter.
    if (isDelimiter(byte) && repertoire !== 'jisx0208' && repertoire !== 'jisx0212') {
      flush(i);
      text += String.fromCharCode(byte);
      repertoire = initial;
      start = i + 1;
    }
  }
  flush(bytes.length);
  return text;
}

/**
 * Decodes a text value. Unknown terms fall back to the default repertoire rather than failing:
 * a name shown with a wrong glyph is better than a study that cannot be opened.
 */
export function decodeText(bytes: Uint8Array, specificCharacterSet: string | undefined): string {
  const terms = parseCharacterSets(specificCharacterSet);
  if (usesCodeExtensions(terms)) return decodeIso2022(bytes, terms);
  const label = SINGLE_BYTE[terms[0] ?? ''] ?? 'windows-1252';
  return decoderFor(label).decode(bytes);
}
