/**
 * Encodes the engine's output data set. Elements the engine did not change are copied byte for
 * byte from the input (same VR, same length form, same padding); sequences keep their defined or
 * undefined length form (PS3.5 §7.5) with lengths recomputed; new values are padded to even length
 * (PS3.5 §6.2: space for text, NUL for UI and binary).
 */
import { deflateRawSync } from 'node:zlib';
import { LONG_VRS, UNDEFINED, type DataElement, type Syntax } from './dataSet.js';

export type OutElement =
  | { kind: 'copy'; element: DataElement }
  | { kind: 'value'; tag: number; vr: string; value: Uint8Array }
  | { kind: 'sequence'; tag: number; vr: string; undefinedLength: boolean; items: OutItem[] }
  | { kind: 'fragments'; tag: number; fragments: Uint8Array[] };

export interface OutItem {
  elements: OutElement[];
  undefinedLength: boolean;
  syntax: Syntax;
}

export function tagOf(element: OutElement): number {
  return element.kind === 'copy' ? element.element.tag : element.tag;
}

const PAD_WITH_NUL = new Set([
  'UI',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'UN',
  'SS',
  'US',
  'SL',
  'UL',
  'FL',
  'FD',
  'AT',
  'SV',
  'UV',
]);

/** A text value as bytes, padded to even length as its VR requires. */
export function encodeText(
  text: string,
  vr: string,
  encoding: BufferEncoding = 'latin1',
): Uint8Array {
  const bytes = Buffer.from(text, encoding);
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([PAD_WITH_NUL.has(vr) ? 0 : 0x20])]);
}

function header(tag: number, vr: string, length: number, syntax: Syntax): Uint8Array {
  const little = syntax.littleEndian;
  const long = !syntax.explicitVr || LONG_VRS.has(vr);
  // From Node's shared pool (one header per element: zero-filled allocations showed in profiles); every byte is written below.
  const out = Buffer.allocUnsafe(syntax.explicitVr ? (long ? 12 : 8) : 8);
  if (little) out.writeUInt32LE((((tag & 0xffff) << 16) | (tag >>> 16)) >>> 0, 0);
  else out.writeUInt32BE(tag >>> 0, 0);
  if (!syntax.explicitVr) {
    writeUint32(out, 4, length, little);
  } else if (long) {
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    out[6] = 0;
    out[7] = 0;
    writeUint32(out, 8, length, little);
  } else {
    if (length > 0xffff) throw new RangeError('value too long for a short VR');
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    if (little) out.writeUInt16LE(length, 6);
    else out.writeUInt16BE(length, 6);
  }
  return out;
}

function writeUint32(out: Buffer, offset: number, value: number, little: boolean): void {
  if (little) out.writeUInt32LE(value >>> 0, offset);
  else out.writeUInt32BE(value >>> 0, offset);
}

function itemHeader(tag: number, length: number, little: boolean): Uint8Array {
  const out = Buffer.allocUnsafe(8);
  if (little) out.writeUInt32LE(((tag << 16) | 0xfffe) >>> 0, 0);
  else out.writeUInt32BE((0xfffe0000 | tag) >>> 0, 0);
  writeUint32(out, 4, length, little);
  return out;
}

/** Appends the encoding of `elements` to `chunks`; returns the number of bytes added. */
export function encodeElements(
  elements: readonly OutElement[],
  syntax: Syntax,
  chunks: Uint8Array[],
): number {
  let total = 0;
  // Copied elements that lie next to each other in the input go out as one chunk: most of a data
  // set is copied, and a chunk per element cost more than the copy itself.
  let run: { bytes: Uint8Array; start: number; end: number } | undefined;
  const flush = (): void => {
    if (run === undefined) return;
    chunks.push(run.bytes.subarray(run.start, run.end));
    total += run.end - run.start;
    run = undefined;
  };
  const push = (chunk: Uint8Array): void => {
    flush();
    chunks.push(chunk);
    total += chunk.length;
  };
  for (const element of elements) {
    switch (element.kind) {
      case 'copy': {
        const { bytes, start, end } = element.element;
        if (run !== undefined && run.bytes === bytes && run.end === start) run.end = end;
        else {
          flush();
          run = { bytes, start, end };
        }
        break;
      }
      case 'value':
        push(header(element.tag, element.vr, element.value.length, syntax));
        push(element.value);
        break;
      case 'sequence': {
        const body: Uint8Array[] = [];
        let bodyLength = 0;
        for (const item of element.items) {
          const itemChunks: Uint8Array[] = [];
          const itemLength = encodeElements(item.elements, item.syntax, itemChunks);
          body.push(
            itemHeader(
              0xe000,
              item.undefinedLength ? UNDEFINED : itemLength,
              item.syntax.littleEndian,
            ),
          );
          body.push(...itemChunks);
          bodyLength += 8 + itemLength;
          if (item.undefinedLength) {
            body.push(itemHeader(0xe00d, 0, item.syntax.littleEndian));
            bodyLength += 8;
          }
        }
        const itemsLittle = element.items[0]?.syntax.littleEndian ?? syntax.littleEndian;
        push(
          header(element.tag, element.vr, element.undefinedLength ? UNDEFINED : bodyLength, syntax),
        );
        for (const chunk of body) push(chunk);
        if (element.undefinedLength) push(itemHeader(0xe0dd, 0, itemsLittle));
        break;
      }
      case 'fragments':
        push(header(element.tag, 'OB', UNDEFINED, syntax));
        for (const fragment of element.fragments) {
          push(itemHeader(0xe000, fragment.length, syntax.littleEndian));
          push(fragment);
        }
        push(itemHeader(0xe0dd, 0, syntax.littleEndian));
        break;
    }
  }
  flush();
  return total;
}

const EXPLICIT_LE: Syntax = { explicitVr: true, littleEndian: true };

/** A Part 10 file (PS3.10 §7.1): 128-byte preamble, "DICM", the meta group with its group length, the body. */
export function encodeDicomFile(
  meta: readonly OutElement[],
  body: readonly OutElement[],
  bodySyntax: Syntax,
  deflate: boolean,
): Uint8Array[] {
  const metaChunks: Uint8Array[] = [];
  const metaLength = encodeElements(
    meta.filter((element) => tagOf(element) !== 0x00020000),
    EXPLICIT_LE,
    metaChunks,
  );
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaLength);
  const chunks: Uint8Array[] = [Buffer.alloc(128), Buffer.from('DICM', 'latin1')];
  encodeElements(
    [{ kind: 'value', tag: 0x00020000, vr: 'UL', value: groupLength }],
    EXPLICIT_LE,
    chunks,
  );
  chunks.push(...metaChunks);
  if (deflate) {
    const bodyChunks: Uint8Array[] = [];
    encodeElements(body, bodySyntax, bodyChunks);
    chunks.push(deflateRawSync(Buffer.concat(bodyChunks)));
  } else {
    encodeElements(body, bodySyntax, chunks);
  }
  return chunks;
}
