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

const PAD_WITH_NUL = new Set(['UI', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN', 'SS', 'US', 'SL', 'UL', 'FL', 'FD', 'AT', 'SV', 'UV']);

/** A text value as bytes, padded to even length as its VR requires. */
export function encodeText(text: string, vr: string, encoding: BufferEncoding = 'latin1'): Uint8Array {
  const bytes = Buffer.from(text, encoding);
  if (bytes.length % 2 === 0) return bytes;
  return Buffer.concat([bytes, Buffer.from([PAD_WITH_NUL.has(vr) ? 0 : 0x20])]);
}

function header(tag: number, vr: string, length: number, syntax: Syntax): Uint8Array {
  const little = syntax.littleEndian;
  const long = !syntax.explicitVr || LONG_VRS.has(vr);
  const out = Buffer.alloc(syntax.explicitVr ? (long ? 12 : 8) : 8);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint16(0, tag >>> 16, little);
  view.setUint16(2, tag & 0xffff, little);
  if (!syntax.explicitVr) {
    view.setUint32(4, length, little);
  } else if (long) {
    out.write(vr, 4, 'latin1');
    view.setUint32(8, length, little);
  } else {
    if (length > 0xffff) throw new RangeError('value too long for a short VR');
    out.write(vr, 4, 'latin1');
    view.setUint16(6, length, little);
  }
  return out;
}

function itemHeader(tag: number, length: number, little: boolean): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeUInt16LE(0, 0);
  const view = new DataView(out.buffer, out.byteOffset, 8);
  view.setUint16(0, 0xfffe, little);
  view.setUint16(2, tag, little);
  view.setUint32(4, length, little);
  return out;
}

/** Appends the encoding of `elements` to `chunks`; returns the number of bytes added. */
export function encodeElements(elements: readonly OutElement[], syntax: Syntax, chunks: Uint8Array[]): number {
  let total = 0;
  const push = (chunk: Uint8Array): void => {
    chunks.push(chunk);
    total += chunk.length;
  };
  for (const element of elements) {
    switch (element.kind) {
      case 'copy':
        push(element.element.bytes.subarray(element.element.start, element.element.end));
        break;
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
          body.push(itemHeader(0xe000, item.undefinedLength ? UNDEFINED : itemLength, item.syntax.littleEndian));
          body.push(...itemChunks);
          bodyLength += 8 + itemLength;
          if (item.undefinedLength) {
            body.push(itemHeader(0xe00d, 0, item.syntax.littleEndian));
            bodyLength += 8;
          }
        }
        const itemsLittle = element.items[0]?.syntax.littleEndian ?? syntax.littleEndian;
        push(header(element.tag, element.vr, element.undefinedLength ? UNDEFINED : bodyLength, syntax));
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
  return total;
}

const EXPLICIT_LE: Syntax = { explicitVr: true, littleEndian: true };

/** A Part 10 file (PS3.10 §7.1): 128-byte preamble, "DICM", the meta group with its group length, the body. */
export function encodeDicomFile(meta: readonly OutElement[], body: readonly OutElement[], bodySyntax: Syntax, deflate: boolean): Uint8Array[] {
  const metaChunks: Uint8Array[] = [];
  const metaLength = encodeElements(meta.filter((element) => tagOf(element) !== 0x00020000), EXPLICIT_LE, metaChunks);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(metaLength);
  const chunks: Uint8Array[] = [Buffer.alloc(128), Buffer.from('DICM', 'latin1')];
  encodeElements([{ kind: 'value', tag: 0x00020000, vr: 'UL', value: groupLength }], EXPLICIT_LE, chunks);
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
