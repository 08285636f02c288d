/**
 * The one DICOM reader (main/dicom) against input built to exhaust it: UN values nested deeper
 * than the reader allows (the old reader re-parsed every level to guess whether it held a
 * sequence, 2^depth work), declared lengths far past the bytes, and a deflate bomb. Each must end
 * in a DicomFormatError with its problem code. No timing is asserted: the test's own timeout is
 * the guard against a parse that does not end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createPseudonymKeys, pseudonymizeStudy } from '../../../../main/deid/index.js';
import {
  DicomFormatError,
  MAX_SEQUENCE_DEPTH,
  parseDicomFile,
  PIXEL_DATA,
  textOf,
  type DataElement,
  type DicomFile,
  type ReadOptions,
} from '../../../../main/dicom/index.js';

const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const IMPLICIT_LITTLE = '1.2.840.10008.1.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function explicitElement(
  group: number,
  element: number,
  vr: string,
  value: Uint8Array,
  length = value.length,
): Uint8Array {
  const long = LONG_VRS.has(vr);
  const out = new Uint8Array((long ? 12 : 8) + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, length, true);
  else view.setUint16(6, length, true);
  out.set(value, long ? 12 : 8);
  return out;
}

function implicitElement(
  group: number,
  element: number,
  value: Uint8Array,
  length = value.length,
): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  view.setUint32(4, length, true);
  out.set(value, 8);
  return out;
}

/** An item (FFFE,E000) of defined length around `content`. */
function item(content: Uint8Array, length = content.length): Uint8Array {
  const out = new Uint8Array(8 + content.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, length, true);
  out.set(content, 8);
  return out;
}

const text = (value: string): Uint8Array =>
  new TextEncoder().encode(value.length % 2 === 0 ? value : `${value} `);
const uid = (value: string): Uint8Array =>
  new TextEncoder().encode(value.length % 2 === 0 ? value : `${value}\0`);

/** A Part 10 file: preamble, meta group (explicit VR LE), then `body` in the given syntax. */
function part10(transferSyntax: string, body: Uint8Array): Uint8Array {
  const meta = concat([
    explicitElement(0x0002, 0x0002, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')),
    explicitElement(0x0002, 0x0003, 'UI', uid('1.2.3.4')),
    explicitElement(0x0002, 0x0010, 'UI', uid(transferSyntax)),
  ]);
  const groupLength = explicitElement(
    0x0002,
    0x0000,
    'UL',
    new Uint8Array(new Uint32Array([meta.length]).buffer),
  );
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, meta, body]);
}

/** The UIDs an instance needs, explicit VR LE. */
function identity(): Uint8Array {
  return concat([
    explicitElement(0x0008, 0x0016, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')),
    explicitElement(0x0008, 0x0018, 'UI', uid('1.2.3.4')),
    explicitElement(0x0010, 0x0010, 'PN', text('DOE^JANE')),
    explicitElement(0x0020, 0x000d, 'UI', uid('1.2.3')),
    explicitElement(0x0020, 0x000e, 'UI', uid('1.2.3.5')),
  ]);
}

/**
 * A private UN element (explicit VR) whose value is an item holding an implicit-VR private element
 * whose value is an item holding another, `depth` levels in all, every length defined: nothing
 * says "sequence" but the item tags, so the reader must try each level as one.
 */
function nestedUnknown(depth: number): Uint8Array {
  let inner = implicitElement(0x0009, 0x1010, text('INNERMOST'));
  for (let level = 1; level < depth; level++) inner = implicitElement(0x0009, 0x1010, item(inner));
  const privateCreator = explicitElement(0x0009, 0x0010, 'LO', text('MITATE TEST'));
  return part10(
    EXPLICIT_LITTLE,
    concat([identity(), privateCreator, explicitElement(0x0009, 0x1010, 'UN', item(inner))]),
  );
}

function problemOf(bytes: Uint8Array, options?: ReadOptions): string {
  try {
    parseDicomFile(bytes, options);
  } catch (error) {
    if (error instanceof DicomFormatError) return error.problem;
    throw error;
  }
  return 'parsed';
}

/** How many sequences deep the chain of (0009,1010) elements goes. */
function depthOf(element: DataElement): number {
  const child = element.items?.[0]?.elements.find((candidate) => candidate.tag === 0x00091010);
  return child === undefined ? 0 : 1 + depthOf(child);
}

/** A deflated data set that inflates to `megabytes` MB of zeros, about 1 KB per MB (one sync-flushed block repeated). */
function deflateBomb(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), {
    level: 9,
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  const final = deflateRawSync(Buffer.alloc(0));
  return part10(DEFLATED, concat([...Array.from({ length: megabytes }, () => block), final]));
}

const work = mkdtempSync(join(tmpdir(), 'mitate-dicom-reader-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nested UN values', () => {
  it('24 levels (32 s in the old reader) parse, each level found as a sequence', () => {
    const file = parseDicomFile(nestedUnknown(24));
    const outer = file.body.find((element) => element.tag === 0x00091010)!;
    expect(outer.vr).toBe('UN');
    expect(depthOf(outer)).toBe(24);
  });

  it(`nesting deeper than ${MAX_SEQUENCE_DEPTH} is refused as too deep, however the levels are encoded`, () => {
    expect(problemOf(nestedUnknown(MAX_SEQUENCE_DEPTH + 1))).toBe('too-deep');
    expect(problemOf(nestedUnknown(200))).toBe('too-deep');
    expect(() => parseDicomFile(nestedUnknown(40))).toThrow(
      `sequence nesting deeper than ${MAX_SEQUENCE_DEPTH}`,
    );
    // Explicit SQ with undefined lengths, 20 000 deep: no stack overflow, the same clear refusal.
    const open = explicitElement(0x0009, 0x1010, 'SQ', new Uint8Array(0), 0xffffffff);
    const openItem = item(new Uint8Array(0), 0xffffffff);
    const close = new Uint8Array([
      0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0,
    ]);
    const deep = concat([
      ...Array.from({ length: 20_000 }, () => concat([open, openItem])),
      ...Array.from({ length: 20_000 }, () => close),
    ]);
    expect(problemOf(part10(EXPLICIT_LITTLE, concat([identity(), deep])))).toBe('too-deep');
  });

  it('a UN value that only starts like a sequence stays bytes', () => {
    const broken = item(text('NOT ELEMENTS'), 0x10);
    const file = parseDicomFile(
      part10(EXPLICIT_LITTLE, concat([identity(), explicitElement(0x0009, 0x1010, 'UN', broken)])),
    );
    const element = file.body.find((candidate) => candidate.tag === 0x00091010)!;
    expect(element.items).toBeUndefined();
    expect(element.end - element.valueStart).toBe(broken.length);
  });

  it('de-identification excludes the too-deep file as unreadable and still writes the good one', async () => {
    const deep = join(work, 'deep.dcm');
    const good = join(work, 'good.dcm');
    writeFileSync(deep, nestedUnknown(60));
    writeFileSync(good, nestedUnknown(10));
    const { outputFiles, report } = await pseudonymizeStudy([deep, good], {
      outDir: join(work, 'out-deep'),
      options: [],
      keys: createPseudonymKeys(Buffer.alloc(32, 7)),
    });
    expect(report.excluded).toEqual([{ inputIndex: 0, reason: 'unreadable' }]);
    expect(outputFiles.map((file) => file.inputIndex)).toEqual([1]);
  });
});

describe('declared lengths past the bytes', () => {
  const HUGE = [0xfffffff0, 0x7fffffff, 0x10000];

  it.each(HUGE)(
    'a value, a sequence, an item and a fragment of length %i are truncation errors',
    (length) => {
      const cases = [
        part10(
          EXPLICIT_LITTLE,
          concat([identity(), explicitElement(0x0009, 0x1010, 'OB', new Uint8Array(16), length)]),
        ),
        part10(
          IMPLICIT_LITTLE,
          concat([
            implicitElement(0x0008, 0x0018, uid('1.2.3.4')),
            implicitElement(0x0010, 0x0010, text('DOE'), length),
          ]),
        ),
        part10(
          EXPLICIT_LITTLE,
          concat([
            identity(),
            explicitElement(0x0008, 0x1140, 'SQ', item(new Uint8Array(0)), length),
          ]),
        ),
        part10(
          EXPLICIT_LITTLE,
          concat([
            identity(),
            explicitElement(0x0008, 0x1140, 'SQ', item(new Uint8Array(8), length), 16),
          ]),
        ),
        part10(
          EXPLICIT_LITTLE,
          concat([
            identity(),
            explicitElement(
              0x7fe0,
              0x0010,
              'OB',
              concat([item(new Uint8Array(0)), item(new Uint8Array(8), length)]),
              0xffffffff,
            ),
          ]),
        ),
      ];
      for (const bytes of cases) expect(problemOf(bytes)).toBe('truncated');
    },
  );

  it('stopping at Pixel Data reads no further: its declared length is reported, not checked', () => {
    const bytes = part10(
      EXPLICIT_LITTLE,
      concat([identity(), explicitElement(0x7fe0, 0x0010, 'OW', new Uint8Array(4), 0xfffffff0)]),
    );
    expect(problemOf(bytes)).toBe('truncated');
    const file: DicomFile = parseDicomFile(bytes, { until: PIXEL_DATA });
    expect(file.stoppedAt).toMatchObject({ tag: PIXEL_DATA, length: 0xfffffff0 });
    expect(textOf(file.body.find((element) => element.tag === 0x00080018)!)).toBe('1.2.3.4');
  });
});

describe('deflated data sets', () => {
  it('a deflate bomb is refused as too large once it passes the ceiling', () => {
    const bomb = deflateBomb(64);
    expect(bomb.length).toBeLessThan(256 * 1024);
    expect(problemOf(bomb, { maxInflatedBytes: 4 * 1024 * 1024 })).toBe('too-large');
  });

  it('de-identification refuses a 1 GB bomb under the default ceiling', async () => {
    const path = join(work, 'bomb.dcm');
    writeFileSync(path, deflateBomb(1024));
    const { outputFiles, report } = await pseudonymizeStudy([path], {
      outDir: join(work, 'out-bomb'),
      options: [],
      keys: createPseudonymKeys(Buffer.alloc(32, 7)),
    });
    expect(outputFiles).toEqual([]);
    expect(report.excluded).toEqual([{ inputIndex: 0, reason: 'unreadable' }]);
  });

  it('a deflate stream cut short is a truncation, not a crash', () => {
    const whole = part10(DEFLATED, deflateRawSync(identity()));
    expect(problemOf(whole)).toBe('parsed');
    expect(problemOf(whole.subarray(0, whole.length - 8))).toBe('truncated');
  });
});
