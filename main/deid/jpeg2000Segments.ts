/**
 * Metadata of one JPEG 2000 or HTJ2K frame taken out without re-encoding: comment markers (COM,
 * ITU-T T.800 A.9.2) of the main and tile-part headers of a codestream, and, when a frame is
 * wrapped in the JP2 or JPH file format (T.800 Annex I, T.814; DICOM asks for the bare
 * codestream, but some writers wrap it anyway), every box a decoder does not need: XML, UUID and
 * UUID-info boxes and the IPR box carry free text and vendor data. The signature, file type,
 * header and codestream boxes stay. Every other byte is copied as it is; the lengths that count
 * the removed bytes (the tile-part's Psot, the TLM marker's entries, the codestream box) are
 * rewritten, so the decoded samples do not change.
 */
import type { StrippedFrame } from './jpegSegments.js';

const SOC = 0xff4f;
const SOT = 0xff90;
const SOD = 0xff93;
const EOC = 0xffd9;
const COM = 0xff64;
const TLM = 0xff55;
const JP2_SIGNATURE = [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const KEPT_BOXES = new Set(['jP  ', 'ftyp', 'jp2h', 'jp2c']);

const u16 = (bytes: Uint8Array, at: number): number => (bytes[at]! << 8) | bytes[at + 1]!;
const u32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;

function putU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value);
}

export function isJpeg2000Codestream(frame: Uint8Array): boolean {
  return frame.length >= 4 && u16(frame, 0) === SOC;
}

export function isJp2File(frame: Uint8Array): boolean {
  return JP2_SIGNATURE.every((byte, index) => frame[index] === byte);
}

/** A codestream without COM markers; undefined when the frame is no codestream. */
export function stripJpeg2000Codestream(frame: Uint8Array): StrippedFrame | undefined {
  if (!isJpeg2000Codestream(frame)) return undefined;
  const kept: Uint8Array[] = [frame.subarray(0, 2)];
  const removed: string[] = [];
  /** Where in the output each TLM segment's body sits, to rewrite its tile-part lengths. */
  const tlmSegments: { outAt: number; length: number }[] = [];
  const tilePartLengths: number[] = [];
  const keep = (part: Uint8Array): void => {
    kept.push(part);
  };
  let at = 2;
  let end = frame.length;
  let tilePart: { psotOut: Uint8Array; psot: number; start: number; removed: number } | undefined;
  const closeTilePart = (): void => {
    if (tilePart === undefined) return;
    const length = tilePart.psot === 0 ? 0 : tilePart.psot - tilePart.removed;
    if (tilePart.psot !== 0) putU32(tilePart.psotOut, 6, length);
    tilePartLengths.push(length);
    tilePart = undefined;
  };
  while (at + 2 <= frame.length) {
    const marker = u16(frame, at);
    if (marker === EOC) {
      closeTilePart();
      keep(frame.subarray(at, at + 2));
      end = at + 2;
      break;
    }
    if (marker === SOD && tilePart !== undefined) {
      // The tile-part's data runs to the length its SOT gave (to the EOC when Psot is 0).
      const dataEnd =
        tilePart.psot === 0
          ? Math.max(at + 2, frame.length - 2)
          : Math.min(frame.length, tilePart.start + tilePart.psot);
      keep(frame.subarray(at, dataEnd));
      closeTilePart();
      at = dataEnd;
      continue;
    }
    if (at + 4 > frame.length || (marker & 0xff00) !== 0xff00) {
      keep(frame.subarray(at));
      break;
    }
    const length = u16(frame, at + 2);
    const segmentEnd = at + 2 + length;
    if (length < 2 || segmentEnd > frame.length) {
      keep(frame.subarray(at));
      break;
    }
    if (marker === COM) {
      removed.push('COM');
      if (tilePart !== undefined) tilePart.removed += segmentEnd - at;
    } else if (marker === SOT && length === 10) {
      closeTilePart();
      const segment = Uint8Array.from(frame.subarray(at, segmentEnd));
      tilePart = { psotOut: segment, psot: u32(frame, at + 6), start: at, removed: 0 };
      keep(segment);
    } else {
      if (marker === TLM) {
        const segment = Uint8Array.from(frame.subarray(at, segmentEnd));
        tlmSegments.push({ outAt: kept.length, length });
        keep(segment);
      } else keep(frame.subarray(at, segmentEnd));
    }
    at = segmentEnd;
  }
  if (frame.subarray(end).some((byte) => byte !== 0)) removed.push('after EOC');
  if (removed.length === 0) return { bytes: frame, removed };
  rewriteTileLengths(kept, tlmSegments, tilePartLengths);
  return { bytes: Buffer.concat(kept), removed };
}

/**
 * TLM (T.800 A.7.1): Ztlm, Stlm, then per tile-part an optional tile index (0, 1 or 2 bytes) and
 * its length (2 or 4 bytes), in codestream order across all TLM segments.
 */
function rewriteTileLengths(
  kept: Uint8Array[],
  tlmSegments: readonly { outAt: number; length: number }[],
  tilePartLengths: readonly number[],
): void {
  let tile = 0;
  for (const { outAt } of tlmSegments) {
    const segment = kept[outAt]!;
    const stlm = segment[5]!;
    const indexSize = (stlm >> 4) & 3;
    const lengthSize = (stlm >> 6) & 1 ? 4 : 2;
    for (let at = 6 + indexSize; at + lengthSize <= segment.length; at += indexSize + lengthSize) {
      const length = tilePartLengths[tile++];
      if (length === undefined || length === 0) continue;
      if (lengthSize === 4) putU32(segment, at, length);
      else if (length <= 0xffff) {
        segment[at] = length >> 8;
        segment[at + 1] = length & 0xff;
      }
    }
  }
}

/** A JP2 or JPH file reduced to the boxes a decoder reads, its codestream stripped too; undefined when the frame is no such file. */
export function stripJp2File(frame: Uint8Array): StrippedFrame | undefined {
  if (!isJp2File(frame)) return undefined;
  const kept: Uint8Array[] = [];
  const removed: string[] = [];
  let at = 0;
  while (at + 8 <= frame.length) {
    let length = u32(frame, at);
    const type = String.fromCharCode(...frame.subarray(at + 4, at + 8));
    let header = 8;
    if (length === 1) {
      // XLBox: a 64-bit length; frames in DICOM never come near 4 GiB.
      if (at + 16 > frame.length || u32(frame, at + 8) !== 0) return undefined;
      length = u32(frame, at + 12);
      header = 16;
    } else if (length === 0) length = frame.length - at;
    if (length < header || at + length > frame.length) return undefined;
    const boxEnd = at + length;
    if (!KEPT_BOXES.has(type)) {
      removed.push(`${type.trim()} box`);
    } else if (type === 'jp2c') {
      const inner = stripJpeg2000Codestream(frame.subarray(at + header, boxEnd));
      if (inner === undefined || inner.removed.length === 0) kept.push(frame.subarray(at, boxEnd));
      else {
        const boxHeader = new Uint8Array(8);
        putU32(boxHeader, 0, inner.bytes.length + 8);
        boxHeader.set(frame.subarray(at + 4, at + 8), 4);
        kept.push(boxHeader, inner.bytes);
        removed.push(...inner.removed);
      }
    } else kept.push(frame.subarray(at, boxEnd));
    at = boxEnd;
  }
  if (frame.subarray(at).some((byte) => byte !== 0)) removed.push('after last box');
  if (removed.length === 0) return { bytes: frame, removed };
  return { bytes: Buffer.concat(kept), removed };
}
