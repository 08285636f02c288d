// Builds compressed DICOM files with metadata planted inside their frames (EXIF, XMP, comments,
// JP2 boxes), from real compressed files of the test data: the frames are taken out, changed by
// the test and written back with the engine's own writer, in the fragments and offset tables
// the test asks for.
import { readFileSync } from 'node:fs';
import {
  encodeDicomFile,
  parseDicomFile,
  type DataElement,
  type DicomFile,
  type OutElement,
} from '../../../../main/dicom/index.js';
import { decodeFrames, frameBytes } from '../../../../main/deid/decodeFrames.js';
import { imagePixelModule } from '../../../../main/deid/imagePixelModule.js';
import { testData } from '../../../support/paths.js';

export const PIXEL_DATA = 0x7fe00010;
export const EXTENDED_OFFSET_TABLE = 0x7fe00001;
export const EXTENDED_OFFSET_TABLE_LENGTHS = 0x7fe00002;

export const CT = (syntax: string): string =>
  testData(`ct-transfer-syntaxes-cornerstone/CTImage.dcm_${syntax}.dcm`);
export const MULTI_FRAME_J2K = testData('deid-embedded/emri_small_jpeg_2k_lossless.dcm');
export const MULTI_FRAME_JLS = testData('deid-embedded/emri_small_jpeg_ls_lossless.dcm');

export function readDicom(path: string): DicomFile {
  return parseDicomFile(new Uint8Array(readFileSync(path)));
}

export function pixelOf(file: DicomFile): DataElement {
  return file.body.find((element) => element.tag === PIXEL_DATA)!;
}

/** The compressed frames of a file, as its offset table or fragments give them. */
export function framesOf(file: DicomFile): Uint8Array[] {
  return frameBytes(pixelOf(file), imagePixelModule(file.body).frames).map((frame) =>
    Uint8Array.from(frame),
  );
}

/** Every frame decoded with the viewer's codecs. */
export async function decodedFramesOf(file: DicomFile): Promise<Uint8Array[]> {
  return (await decodeFrames(file.transferSyntaxUid, pixelOf(file), imagePixelModule(file.body)))
    .frames;
}

/** A JPEG marker segment: 0xFF, the marker, a 2-byte length that counts itself, the payload. */
export function jpegSegment(marker: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : Buffer.from(payload);
  const length = body.length + 2;
  return Buffer.concat([Buffer.from([0xff, marker, length >> 8, length & 0xff]), body]);
}

/** The segments put right after SOI (before APP0, as EXIF writers do). */
export function afterSoi(frame: Uint8Array, ...segments: Uint8Array[]): Buffer {
  return Buffer.concat([frame.subarray(0, 2), ...segments, frame.subarray(2)]);
}

/** A JPEG 2000 COM marker segment (T.800 A.9.2), Latin-1 text (Rcom 1). */
export function j2kComment(text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const length = body.length + 4;
  return Buffer.concat([Buffer.from([0xff, 0x64, length >> 8, length & 0xff, 0, 1]), body]);
}

/** A codestream with a COM after SIZ in the main header and one after the first SOT (its Psot grown to count it). */
export function plantJ2kComments(codestream: Uint8Array, main: string, tilePart: string): Buffer {
  const sizEnd = 4 + ((codestream[4]! << 8) | codestream[5]!);
  let at = sizEnd;
  while (((codestream[at]! << 8) | codestream[at + 1]!) !== 0xff90)
    at += 2 + ((codestream[at + 2]! << 8) | codestream[at + 3]!);
  const sot = Buffer.from(codestream.subarray(at, at + 12));
  const comment = j2kComment(tilePart);
  const psot = sot.readUInt32BE(6);
  if (psot !== 0) sot.writeUInt32BE(psot + comment.length, 6);
  return Buffer.concat([
    codestream.subarray(0, sizEnd),
    j2kComment(main),
    codestream.subarray(sizEnd, at),
    sot,
    comment,
    codestream.subarray(at + 12),
  ]);
}

/** A JP2 box: 4-byte length, 4-character type, contents. */
export function jp2Box(type: string, contents: Uint8Array | string): Buffer {
  const body =
    typeof contents === 'string' ? Buffer.from(contents, 'latin1') : Buffer.from(contents);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** Splits a frame into `count` fragments of even length where it can (the last may be odd, padded). */
export function fragmentsOf(frame: Uint8Array, count: number): Uint8Array[] {
  const padded = frame.length % 2 ? Buffer.concat([frame, new Uint8Array(1)]) : Buffer.from(frame);
  const size = Math.ceil(padded.length / count / 2) * 2;
  const out: Uint8Array[] = [];
  for (let at = 0; at < padded.length; at += size) out.push(padded.subarray(at, at + size));
  return out;
}

function uint64s(values: readonly number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 8);
  values.forEach((value, index) => out.writeBigUInt64LE(BigInt(value), index * 8));
  return out;
}

/**
 * The file again with new frames: each frame as the given fragments, with a Basic Offset Table
 * (`table: 'basic'`), an empty one, or an empty one and an Extended Offset Table (`'extended'`).
 */
export function withFrames(
  file: DicomFile,
  frames: readonly (readonly Uint8Array[])[],
  table: 'basic' | 'empty' | 'extended',
  extra: OutElement[] = [],
): Buffer {
  const offsets: number[] = [];
  const lengths: number[] = [];
  let position = 0;
  for (const fragments of frames) {
    offsets.push(position);
    lengths.push(fragments.reduce((sum, fragment) => sum + fragment.length, 0));
    position += fragments.reduce((sum, fragment) => sum + 8 + fragment.length, 0);
  }
  const basic = Buffer.alloc(table === 'basic' ? offsets.length * 4 : 0);
  if (table === 'basic') offsets.forEach((offset, index) => basic.writeUInt32LE(offset, index * 4));
  const replaced = new Set([
    PIXEL_DATA,
    EXTENDED_OFFSET_TABLE,
    EXTENDED_OFFSET_TABLE_LENGTHS,
    ...extra.map((element) => (element.kind === 'copy' ? element.element.tag : element.tag)),
  ]);
  const body: OutElement[] = [
    ...file.body
      .filter((element) => !replaced.has(element.tag))
      .map((element): OutElement => ({ kind: 'copy', element })),
    ...extra,
    { kind: 'fragments', tag: PIXEL_DATA, fragments: [basic, ...frames.flat()] },
  ];
  if (table === 'extended')
    body.push(
      { kind: 'value', tag: EXTENDED_OFFSET_TABLE, vr: 'OV', value: uint64s(offsets) },
      { kind: 'value', tag: EXTENDED_OFFSET_TABLE_LENGTHS, vr: 'OV', value: uint64s(lengths) },
    );
  const tagOf = (element: OutElement): number =>
    element.kind === 'copy' ? element.element.tag : element.tag;
  body.sort((a, b) => tagOf(a) - tagOf(b));
  const meta = file.meta
    .filter((element) => element.tag !== 0x00020000)
    .map((element): OutElement => ({ kind: 'copy', element }));
  return Buffer.concat(encodeDicomFile(meta, body, file.bodySyntax, false));
}

/** The values of an OV element as numbers. */
export function uint64Values(element: DataElement | undefined): number[] {
  if (element === undefined) return [];
  const bytes = Buffer.from(
    element.bytes.subarray(element.valueStart, element.valueStart + element.length),
  );
  return Array.from({ length: bytes.length / 8 }, (_, index) =>
    Number(bytes.readBigUInt64LE(index * 8)),
  );
}

/** A codestream without the COM markers of its main header (an encoder's name, as OpenJPEG writes it). */
export function withoutMainHeaderComments(codestream: Uint8Array): Buffer {
  const parts: Uint8Array[] = [codestream.subarray(0, 2)];
  let at = 2;
  for (;;) {
    const marker = (codestream[at]! << 8) | codestream[at + 1]!;
    if (marker === 0xff90) break;
    const end = at + 2 + ((codestream[at + 2]! << 8) | codestream[at + 3]!);
    if (marker !== 0xff64) parts.push(codestream.subarray(at, end));
    at = end;
  }
  parts.push(codestream.subarray(at));
  return Buffer.concat(parts);
}

/**
 * A single-frame JPEG 2000 item as the engine writes it: without OpenJPEG's comment (its name and
 * version), ending at EOC, padded to an even length. Other streams come back unchanged.
 */
export function withoutEncoderComment(encoded: Buffer): Buffer {
  if (encoded[0] !== 0xff || encoded[1] !== 0x4f) return encoded;
  const codestream = withoutMainHeaderComments(
    encoded.subarray(0, encoded.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2),
  );
  return codestream.length % 2 ? Buffer.concat([codestream, Buffer.alloc(1)]) : codestream;
}
