/**
 * Structure-aware DICOM inputs for fuzzing the readers: a Part 10 file built element by element
 * from a small grammar (file meta, then a data set of elements, sequences, items and
 * encapsulated fragments) in one of the transfer syntaxes, with the faults hostile files carry:
 * nesting far past any cap, lengths that claim gigabytes or run past the end, undefined lengths
 * where none may be, VRs that do not exist, missing delimiters, truncation, flipped bytes.
 * Seeded, so every case can be made again from its seed and number. Only erasable TypeScript:
 * the benchmark runs this file with Node's own type stripping.
 */
import { deflateRawSync } from 'node:zlib';

export type Random = () => number;

interface Syntax {
  uid: string;
  explicit: boolean;
  bigEndian: boolean;
  deflated: boolean;
}

const SYNTAXES: Syntax[] = [
  { uid: '1.2.840.10008.1.2.1', explicit: true, bigEndian: false, deflated: false },
  { uid: '1.2.840.10008.1.2', explicit: false, bigEndian: false, deflated: false },
  { uid: '1.2.840.10008.1.2.2', explicit: true, bigEndian: true, deflated: false },
  { uid: '1.2.840.10008.1.2.1.99', explicit: true, bigEndian: false, deflated: true },
  { uid: '1.2.840.10008.1.2.4.50', explicit: true, bigEndian: false, deflated: false },
];
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const VRS = [
  'AE',
  'CS',
  'DA',
  'DS',
  'IS',
  'LO',
  'OB',
  'OW',
  'PN',
  'SH',
  'SQ',
  'UI',
  'UL',
  'UN',
  'US',
  'UT',
  'FL',
];
const BAD_VRS = ['ZZ', '\0\0', 'sq', '  ', 'Q\u00ff'];
const UNDEFINED = 0xffffffff;

export type Flavour = 'image' | 'dicomdir' | 'sr' | 'seg';

const SOP_CLASSES: Record<Flavour, string> = {
  image: '1.2.840.10008.5.1.4.1.1.2',
  dicomdir: '1.2.840.10008.1.3.10',
  sr: '1.2.840.10008.5.1.4.1.1.88.22',
  seg: '1.2.840.10008.5.1.4.1.1.66.4',
};

/** Tags each flavour's reader looks for, with the VR they should have. */
const TAGS: Record<Flavour, Array<[number, string]>> = {
  image: [
    [0x00100010, 'PN'],
    [0x00100020, 'LO'],
    [0x0020000d, 'UI'],
    [0x0020000e, 'UI'],
    [0x00080018, 'UI'],
    [0x00080060, 'CS'],
    [0x00280010, 'US'],
    [0x00280011, 'US'],
    [0x00280100, 'US'],
    [0x00200032, 'DS'],
    [0x00200037, 'DS'],
    [0x00280030, 'DS'],
    [0x00080005, 'CS'],
    [0x00091010, 'UN'],
    [0x00291020, 'OB'],
    [0x00081115, 'SQ'],
  ],
  dicomdir: [
    [0x00041220, 'SQ'],
    [0x00041500, 'CS'],
    [0x00041410, 'US'],
    [0x00041430, 'CS'],
    [0x00041400, 'UL'],
    [0x00041420, 'UL'],
    [0x00041510, 'UI'],
    [0x00041511, 'UI'],
  ],
  sr: [
    [0x00080060, 'CS'],
    [0x0040a730, 'SQ'],
    [0x0040a043, 'SQ'],
    [0x00080100, 'SH'],
    [0x00080102, 'SH'],
    [0x00080104, 'LO'],
    [0x0040a040, 'CS'],
    [0x0040a160, 'UT'],
    [0x0040a30a, 'DS'],
    [0x00700022, 'FL'],
    [0x00700023, 'CS'],
    [0x0040a300, 'SQ'],
    [0x00181002, 'LO'],
    [0x00181020, 'LO'],
    [0x0040a010, 'CS'],
    [0x00080005, 'CS'],
  ],
  seg: [
    [0x00080060, 'CS'],
    [0x00620002, 'SQ'],
    [0x00620004, 'US'],
    [0x00620005, 'LO'],
    [0x00620008, 'CS'],
    [0x00280010, 'US'],
    [0x00280011, 'US'],
    [0x00280008, 'IS'],
    [0x00620001, 'CS'],
    [0x52009230, 'SQ'],
    [0x52009229, 'SQ'],
    [0x0062000a, 'SQ'],
    [0x0062000b, 'US'],
    [0x00620016, 'CS'],
    [0x0062000d, 'US'],
    [0x00280100, 'US'],
  ],
};

class Writer {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  readonly bigEndian: boolean;
  constructor(bigEndian: boolean) {
    this.bigEndian = bigEndian;
  }
  bytes(data: Uint8Array): void {
    this.chunks.push(data);
    this.length += data.length;
  }
  u16(value: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value & 0xffff, !this.bigEndian);
    this.bytes(b);
  }
  u32(value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, !this.bigEndian);
    this.bytes(b);
  }
  ascii(text: string): void {
    this.bytes(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff));
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

const pick = <T>(random: Random, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)]!;

function textValue(random: Random, vr: string, tag: number): string {
  if (tag === 0x00041500)
    return pick(random, ['IMG1', 'DIR\\IMG2', '..\\..\\etc', 'A'.repeat(300), '', '\\\\']);
  if (tag === 0x00080060) return pick(random, ['SR', 'SEG', 'CT', '']);
  if (tag === 0x00280008 || vr === 'IS')
    return pick(random, ['1', '3', '0', '-1', '99999999', 'x']);
  if (vr === 'UI') return pick(random, ['1.2.3', '1.2.840.10008.5.1.4.1.1.2', '0.0', '', '../x']);
  if (vr === 'DS') return pick(random, ['1\\0\\0\\0\\1\\0', '0.5\\0.5', 'NaN', '1e308', '']);
  if (vr === 'CS')
    return pick(random, [
      'ISO_IR 192',
      'BINARY',
      'FRACTIONAL',
      'CONTAINER',
      'NUM',
      'SCOORD',
      'AUTOMATIC',
    ]);
  if (vr === 'PN') return pick(random, ['Yamada^Tarou=山田^太郎', 'A^B^C^D^E^F', '']);
  return 'x'.repeat(Math.floor(random() * 40));
}

function numberValue(random: Random, vr: string, w: Writer): Uint8Array {
  const v = new Writer(w.bigEndian);
  const n = 1 + Math.floor(random() * 4);
  for (let i = 0; i < n; i++) {
    const value = pick(random, [0, 1, 2, 512, 0xffff, 0x7fffffff, 0xffffffff]);
    if (vr === 'US') v.u16(value);
    else v.u32(value);
  }
  return v.done();
}

export interface GrammarOptions {
  flavour: Flavour;
  /** Nesting to aim for; past 32 the readers must refuse. */
  depth: number;
}

/** One data set's elements; `budget` bounds the case's size so generation stays quick. */
function writeDataSet(
  random: Random,
  w: Writer,
  s: Syntax,
  flavour: Flavour,
  depth: number,
  budget: { left: number },
): void {
  const count = 1 + Math.floor(random() * 6);
  for (let i = 0; i < count && budget.left > 0; i++) {
    budget.left--;
    const [tag, goodVr] =
      random() < 0.85
        ? pick(random, TAGS[flavour])
        : [
            (Math.floor(random() * 0xffff) << 16) | Math.floor(random() * 0xffff),
            pick(random, VRS),
          ];
    const vr = random() < 0.9 ? goodVr : random() < 0.5 ? pick(random, BAD_VRS) : pick(random, VRS);
    if (goodVr === 'SQ' || (vr === 'UN' && depth > 0 && random() < 0.5)) {
      writeSequence(random, w, s, flavour, tag, vr, depth, budget);
      continue;
    }
    let value: Uint8Array;
    if (vr === 'US' || vr === 'UL' || vr === 'FL') value = numberValue(random, vr, w);
    else if (vr === 'OB' || vr === 'OW' || vr === 'UN')
      value = Uint8Array.from({ length: Math.floor(random() * 64) }, () =>
        Math.floor(random() * 256),
      );
    else {
      const text = textValue(random, vr, tag);
      value = new TextEncoder().encode(text.length % 2 === 0 ? text : `${text} `);
    }
    writeHeader(w, s, tag, vr, lengthOf(random, value.length));
    w.bytes(value);
  }
  if (flavour === 'image' && depth === 0 && random() < 0.3) writePixelData(random, w, s);
}

/** The true length mostly; else one that lies: huge, undefined, off by a little. */
function lengthOf(random: Random, real: number): number {
  const r = random();
  if (r < 0.88) return real;
  if (r < 0.92) return 0xfffffff0;
  if (r < 0.95) return UNDEFINED;
  return Math.max(0, real + pick(random, [-3, -1, 1, 2, 1000]));
}

function writeHeader(w: Writer, s: Syntax, tag: number, vr: string, length: number): void {
  w.u16(tag >>> 16);
  w.u16(tag & 0xffff);
  if (!s.explicit) {
    w.u32(length);
    return;
  }
  w.ascii(vr.padEnd(2, ' ').slice(0, 2));
  if (LONG_VRS.has(vr)) {
    w.u16(0);
    w.u32(length);
  } else w.u16(length);
}

function writeItemTag(w: Writer, element: number, length: number): void {
  w.u16(0xfffe);
  w.u16(element);
  w.u32(length);
}

function writeSequence(
  random: Random,
  w: Writer,
  s: Syntax,
  flavour: Flavour,
  tag: number,
  vr: string,
  depth: number,
  budget: { left: number },
): void {
  const undefinedLength = random() < 0.6;
  const body = new Writer(w.bigEndian);
  const items = depth <= 0 ? 0 : 1 + Math.floor(random() * (depth > 8 ? 1 : 3));
  for (let i = 0; i < items; i++) {
    const item = new Writer(w.bigEndian);
    writeDataSet(random, item, s, flavour, depth - 1, budget);
    const content = item.done();
    const itemUndefined = random() < 0.5;
    writeItemTag(body, 0xe000, itemUndefined ? UNDEFINED : lengthOf(random, content.length));
    body.bytes(content);
    if (itemUndefined && random() < 0.95) writeItemTag(body, 0xe00d, 0);
  }
  const content = body.done();
  writeHeader(w, s, tag, vr, undefinedLength ? UNDEFINED : lengthOf(random, content.length));
  w.bytes(content);
  if (undefinedLength && random() < 0.95) writeItemTag(w, 0xe0dd, 0);
}

function writePixelData(random: Random, w: Writer, s: Syntax): void {
  if (random() < 0.5) {
    writeHeader(w, s, 0x7fe00010, 'OB', UNDEFINED);
    writeItemTag(w, 0xe000, 0);
    for (let i = Math.floor(random() * 4); i > 0; i--) {
      const size = Math.floor(random() * 32);
      writeItemTag(w, 0xe000, lengthOf(random, size));
      w.bytes(new Uint8Array(size));
    }
    if (random() < 0.9) writeItemTag(w, 0xe0dd, 0);
  } else {
    const size = Math.floor(random() * 256);
    writeHeader(w, s, 0x7fe00010, 'OW', lengthOf(random, size));
    w.bytes(new Uint8Array(size));
  }
}

/** A whole Part 10 file of the given flavour, then perhaps truncated or with flipped bytes. */
export function dicomCase(random: Random, options: GrammarOptions): Uint8Array {
  const syntax = pick(random, SYNTAXES);
  const meta = new Writer(false);
  const metaSyntax: Syntax = { uid: '', explicit: true, bigEndian: false, deflated: false };
  const metaElements = new Writer(false);
  const text = (tag: number, vr: string, value: string): void => {
    const bytes = new TextEncoder().encode(value.length % 2 === 0 ? value : `${value}\0`);
    writeHeader(metaElements, metaSyntax, tag, vr, bytes.length);
    metaElements.bytes(bytes);
  };
  writeHeader(metaElements, metaSyntax, 0x00020001, 'OB', 2);
  metaElements.bytes(Uint8Array.of(0, 1));
  text(0x00020002, 'UI', SOP_CLASSES[options.flavour]);
  text(0x00020003, 'UI', '1.2.3.4.5');
  text(0x00020010, 'UI', syntax.uid);
  const metaBody = metaElements.done();
  meta.bytes(new Uint8Array(128));
  meta.ascii('DICM');
  writeHeader(meta, metaSyntax, 0x00020000, 'UL', 4);
  meta.u32(random() < 0.9 ? metaBody.length : pick(random, [0, 3, 0xfffffff0]));
  meta.bytes(metaBody);

  const body = new Writer(syntax.bigEndian);
  if (options.flavour !== 'image') {
    const modality = new TextEncoder().encode(
      options.flavour === 'seg' ? 'SEG ' : options.flavour === 'sr' ? 'SR' : 'OT',
    );
    writeHeader(body, syntax, 0x00080060, 'CS', modality.length);
    body.bytes(modality);
  }
  writeDataSet(random, body, syntax, options.flavour, options.depth, {
    left: 40 + options.depth * 3,
  });
  let data = body.done();
  if (syntax.deflated && random() < 0.8) data = new Uint8Array(deflateRawSync(data));
  const file = new Writer(false);
  file.bytes(meta.done());
  file.bytes(data);
  let out = file.done();
  const fault = random();
  if (fault < 0.2) out = out.subarray(0, Math.floor(random() * out.length));
  else if (fault < 0.35) {
    out = out.slice();
    for (let i = 0; i < 4; i++) {
      const at = Math.min(
        out.length - 1,
        132 + Math.floor(random() * Math.max(1, out.length - 132)),
      );
      out[at] = out[at]! ^ (1 << Math.floor(random() * 8));
    }
  }
  return out;
}

/** Nesting to aim for: mostly shallow, sometimes at the cap, sometimes far past it. */
export function depthFor(random: Random): number {
  return pick(random, [0, 1, 2, 3, 5, 8, 31, 33, 60, 200]);
}
