/**
 * Where the characters of an encoded text value begin, so that values are split, and text is cut,
 * only between characters. In a multi-byte repertoire a byte equal to '\' (0x5C), '^' (0x5E) or
 * '=' (0x3D) can be half of a character: 宮本 in JIS X 0208 (ISO 2022 IR 87) is 0x35 0x5C 0x4B
 * 0x5C, 乗 in GBK is 0x81 0x5C, 表 in Shift_JIS is 0x95 0x5C. Such a byte is a delimiter only in a
 * single-byte state (PS3.5 §6.1.2.5.3 and §6.2): splitting the raw bytes on it cuts a character in
 * two and leaves a lone backslash behind.
 *
 * Texts are Latin-1 strings here (one char per byte, as main reads values), so the same code
 * serves strings and bytes. Repertoires: ISO 2022 with escape sequences (IR 87 and IR 159 in G0,
 * IR 149 and IR 58 in G1), GB18030 and GBK (two- and four-byte), ISO_IR 13 read as Shift_JIS (as
 * the decoder reads it: real files write Shift_JIS under that term), and UTF-8 (ISO_IR 192), where
 * delimiters are never inside a character but cuts must still fall between characters.
 */
import { parseCharacterSets, usesCodeExtensions } from './characterSetTerms.js';

const ESC = 0x1b;
type Encoding = 'iso2022' | 'gbk' | 'sjis' | 'utf8' | 'single';

function encodingOf(terms: readonly string[]): Encoding {
  if (usesCodeExtensions(terms)) return 'iso2022';
  const term = terms[0] ?? '';
  if (term === 'GB18030' || term === 'GBK') return 'gbk';
  if (term === 'ISO_IR_13') return 'sjis';
  if (term === 'ISO_IR_192') return 'utf8';
  return 'single';
}

/** Whether a character of this Specific Character Set can take more than one byte. */
export function isMultiByteCharacterSet(specificCharacterSet: string | undefined): boolean {
  return encodingOf(parseCharacterSets(specificCharacterSet)) !== 'single';
}

/** The G1 set a first value designates before any escape (PS3.3 Table C.12-3). */
const INITIAL_G1: Readonly<Record<string, string>> = {
  ISO_2022_IR_13: '\x1b)I',
  ISO_2022_IR_100: '\x1b-A',
};

export interface CharacterSpans {
  /** Whether a character, an escape sequence or a control byte starts at `offset` (the end counts). */
  isBoundary(offset: number): boolean;
  /**
   * The escape sequences to write in place of the text between two boundaries when it is cut
   * out, so that what follows is read in the repertoire it was written in ('' when none is needed).
   */
  restore(from: number, to: number): string;
  /** The escape sequence that designated the G0 set read at `offset` ('' for the initial one). */
  g0At(offset: number): string;
}

interface Walk {
  /** 1 where a span starts, and at the end. */
  boundary: Uint8Array;
  /** Index into `designations` of the G0 and G1 sets in effect at each offset (before it is read). */
  g0: Int32Array;
  g1: Int32Array;
  designations: string[];
  initialG0: string;
  initialG1: string;
  /** Offsets of bytes that are delimiters: single bytes below 0x80 in a single-byte state. */
  delimiters: number[];
}

/** Reads a text once, span by span, in its repertoires. */
function walk(text: string, terms: readonly string[], encoding: Encoding, marks: string): Walk {
  const length = text.length;
  const boundary = new Uint8Array(length + 1);
  const g0 = new Int32Array(length + 1);
  const g1 = new Int32Array(length + 1);
  const designations = [''];
  const indexOf = (designation: string): number => {
    const found = designations.indexOf(designation);
    if (found >= 0) return found;
    designations.push(designation);
    return designations.length - 1;
  };
  const initialG0 = terms[0] === 'ISO_2022_IR_13' ? '\x1b(J' : '\x1b(B';
  const initialG1 = INITIAL_G1[terms[0] ?? ''] ?? '';
  let g0Index = 0;
  let g1Index = 0;
  let g0Double = false;
  let g1Double = false;
  const reset = (): void => {
    g0Index = 0;
    g1Index = 0;
    g0Double = false;
    g1Double = false;
  };
  const delimiters: number[] = [];
  let at = 0;
  while (at < length) {
    boundary[at] = 1;
    g0[at] = g0Index;
    g1[at] = g1Index;
    const byte = text.charCodeAt(at);
    let size = 1;
    if (encoding === 'iso2022' && byte === ESC) {
      // ESC, intermediate bytes (0x20-0x2F), one final byte (ISO 2022 §13).
      let end = at + 1;
      while (end < length && text.charCodeAt(end) >= 0x20 && text.charCodeAt(end) <= 0x2f) end++;
      if (end < length) end++;
      const sequence = text.slice(at, end);
      const multiByte = sequence[1] === '$';
      const target = multiByte ? (sequence.length === 4 ? sequence[2] : '(') : sequence[1];
      if (target === '(') {
        g0Double = multiByte;
        g0Index = sequence === initialG0 ? 0 : indexOf(sequence);
      } else {
        g1Double = multiByte;
        g1Index = sequence === initialG1 ? 0 : indexOf(sequence);
      }
      size = end - at;
    } else if (encoding === 'iso2022') {
      if (byte < 0x20) {
        reset();
      } else if (g0Double && byte >= 0x21 && byte <= 0x7e) size = 2;
      else if (g1Double && byte >= 0xa1 && byte <= 0xfe) size = 2;
      else if (byte < 0x80 && marks.includes(text[at]!)) {
        delimiters.push(at);
        // A delimiter returns to the initial repertoires (PS3.5 §6.1.2.5.3), as the decoder reads it.
        reset();
      }
    } else if (encoding === 'gbk' && byte >= 0x81 && byte <= 0xfe) {
      const next = text.charCodeAt(at + 1);
      size = next >= 0x30 && next <= 0x39 ? 4 : 2;
    } else if (encoding === 'sjis' && ((byte >= 0x81 && byte <= 0x9f) || byte >= 0xe0)) {
      size = byte <= 0xfc ? 2 : 1;
    } else if (encoding === 'utf8' && byte >= 0xc0) {
      size = byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
    } else if (byte < 0x80 && marks.includes(text[at]!)) {
      delimiters.push(at);
    }
    at = Math.min(length, at + size);
  }
  boundary[length] = 1;
  g0[length] = g0Index;
  g1[length] = g1Index;
  return { boundary, g0, g1, designations, initialG0, initialG1, delimiters };
}

/** The character boundaries of a text value (a Latin-1 string of its bytes). */
export function characterSpans(
  text: string,
  specificCharacterSet: string | undefined,
): CharacterSpans {
  const terms = parseCharacterSets(specificCharacterSet);
  const walked = walk(text, terms, encodingOf(terms), '');
  return {
    isBoundary: (offset) => walked.boundary[offset] === 1,
    restore: (from, to) => {
      let out = '';
      if (walked.g0[from] !== walked.g0[to])
        out += walked.designations[walked.g0[to]!] || walked.initialG0;
      if (walked.g1[from] !== walked.g1[to])
        out += walked.designations[walked.g1[to]!] || walked.initialG1;
      return out;
    },
    g0At: (offset) => walked.designations[walked.g0[offset]!] ?? '',
  };
}

/**
 * Splits a text value (a Latin-1 string of its bytes) on `delimiters` ("\\" between values, "^="
 * between the groups and components of a person name) where they are delimiters, never inside
 * a multi-byte character.
 */
export function splitValues(
  text: string,
  specificCharacterSet: string | undefined,
  delimiters = '\\',
): string[] {
  const terms = parseCharacterSets(specificCharacterSet);
  const encoding = encodingOf(terms);
  if (encoding === 'single' || encoding === 'utf8') {
    if (delimiters.length === 1) return text.split(delimiters);
    const parts: string[] = [];
    let start = 0;
    for (let at = 0; at < text.length; at++)
      if (delimiters.includes(text[at]!)) {
        parts.push(text.slice(start, at));
        start = at + 1;
      }
    parts.push(text.slice(start));
    return parts;
  }
  const parts: string[] = [];
  let start = 0;
  for (const at of walk(text, terms, encoding, delimiters).delimiters) {
    parts.push(text.slice(start, at));
    start = at + 1;
  }
  parts.push(text.slice(start));
  return parts;
}
