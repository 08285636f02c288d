// Encoders for the multi-byte character sets the charset tests write (Node encodes only UTF-8):
// the tables are the decoders' own (TextDecoder), read backwards, so a character encodes to the
// bytes Mitate's decoder reads back as that character. Results are Latin-1 strings of the bytes.

type Table = Map<string, number[]>;
const tables = new Map<string, Table>();

function table(name: string, fill: (table: Table) => void): Table {
  let found = tables.get(name);
  if (found === undefined) {
    found = new Map();
    fill(found);
    tables.set(name, found);
  }
  return found;
}

function twoByte(label: string, leads: [number, number], trails: [number, number]): Table {
  return table(label, (out) => {
    const decoder = new TextDecoder(label);
    for (let lead = leads[0]; lead <= leads[1]; lead++)
      for (let trail = trails[0]; trail <= trails[1]; trail++) {
        const text = decoder.decode(Uint8Array.of(lead, trail));
        if (text.length === 1 && text !== '\ufffd' && !out.has(text)) out.set(text, [lead, trail]);
      }
  });
}

/** JIS X 0208 as EUC-JP carries it: both bytes with the high bit set. */
const jisX0208 = (): Table => twoByte('euc-jp', [0xa1, 0xfe], [0xa1, 0xfe]);

/** JIS X 0212 as EUC-JP carries it: after the single shift 0x8F. */
function jisX0212(): Table {
  return table('jisx0212', (out) => {
    const decoder = new TextDecoder('euc-jp');
    for (let lead = 0xa1; lead <= 0xfe; lead++)
      for (let trail = 0xa1; trail <= 0xfe; trail++) {
        const text = decoder.decode(Uint8Array.of(0x8f, lead, trail));
        if (text.length === 1 && text !== '\ufffd' && !out.has(text)) out.set(text, [lead, trail]);
      }
  });
}

/**
 * ISO 2022 IR 87 (and IR 159 for characters only JIS X 0212 has): ASCII as is, each run of other
 * characters between ESC $ B (ESC $ ( D) and ESC ( B, as PS3.5 Annex H writes names.
 */
export function iso2022Japanese(text: string): string {
  let out = '';
  type Mode = 'ascii' | '0208' | '0212';
  let mode = 'ascii' as Mode;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wanted: Mode =
      code < 0x80
        ? 'ascii'
        : jisX0208().has(char)
          ? '0208'
          : jisX0212().has(char)
            ? '0212'
            : 'ascii';
    if (wanted !== mode) {
      out += wanted === 'ascii' ? '\x1b(B' : wanted === '0208' ? '\x1b$B' : '\x1b$(D';
      mode = wanted;
    }
    if (wanted === 'ascii') out += char;
    else {
      const bytes = (wanted === '0208' ? jisX0208() : jisX0212()).get(char)!;
      out += String.fromCharCode(bytes[0]! & 0x7f, bytes[1]! & 0x7f);
    }
  }
  return mode === 'ascii' ? out : `${out}\x1b(B`;
}

/** The JIS X 0208 bytes of one character, without escapes (to look for them in output). */
export function jisBytes(text: string): string {
  return [...text]
    .map((char) => {
      const bytes = jisX0208().get(char)!;
      return String.fromCharCode(bytes[0]! & 0x7f, bytes[1]! & 0x7f);
    })
    .join('');
}

/** GBK (and GB18030's two-byte part). */
export function gbk(text: string): string {
  const map = twoByte('gbk', [0x81, 0xfe], [0x40, 0xfe]);
  return [...text]
    .map((char) => (char.codePointAt(0)! < 0x80 ? char : String.fromCharCode(...map.get(char)!)))
    .join('');
}

/** Shift_JIS, as real files write it under ISO_IR 13. */
export function shiftJis(text: string): string {
  const map = twoByte('shift_jis', [0x81, 0xfc], [0x40, 0xfc]);
  return [...text]
    .map((char) => (char.codePointAt(0)! < 0x80 ? char : String.fromCharCode(...map.get(char)!)))
    .join('');
}
