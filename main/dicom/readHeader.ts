import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { decodeText } from './characterSet.js';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdirReferences.js';
import { parsePersonName, type PersonName } from './personName.js';
import { DEFLATED_EXPLICIT_LITTLE } from './transferSyntax.js';

/**
 * Reads the attributes the library needs from one Part 10 file without touching pixel data.
 *
 * Most headers fit in the first chunk; a file whose header runs past it (large private blocks,
 * enhanced multi-frame functional groups) is read in full. Deflated files must be inflated whole.
 */

const FIRST_CHUNK_BYTES = 256 * 1024;
const PIXEL_DATA = 'x7fe00010';
/** A few hundred KB of deflated data can claim gigabytes (a "zip bomb"): inflate no more than this. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export interface InstanceHeader {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  patientName: PersonName;
  patientId: string;
  patientBirthDate: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  modality: string;
  seriesNumber: number | undefined;
  seriesDescription: string;
  /** Sequence Name (0018,0024), MR only; the viewer recognises angiography by it. */
  sequenceName?: string;
  /** Body Part Examined (0018,0015), a PS3.16 CID 4031 term such as HEAD; often empty. */
  bodyPartExamined?: string;
  instanceNumber: number | undefined;
  numberOfFrames: number;
  rows: number;
  columns: number;
  hasPixelData: boolean;
}

export type HeaderResult =
  | { kind: 'instance'; header: InstanceHeader }
  /** A Media Storage Directory (PS3.10 §8): it indexes other files and holds no image. */
  | { kind: 'dicomdir' }
  /** A zip archive (local file header signature, APPNOTE §4.3.7): media are often sent zipped. */
  | { kind: 'zip' }
  | { kind: 'not-dicom' }
  | { kind: 'broken'; reason: BrokenReason };

/** Reasons are codes, never text from the file: they may be shown or logged. */
export type BrokenReason = 'truncated' | 'missing-uids' | 'unreadable';

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Whether the File Meta Information names a DICOMDIR; read on its own when the data set will not parse. */
function isDicomdir(bytes: Uint8Array): boolean {
  try {
    return dicomParser.readPart10Header(bytes).string('x00020002') === MEDIA_STORAGE_DIRECTORY;
  } catch {
    return false;
  }
}

function hasPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * One open and one read (the size is known from the listing): no fstat, no growing buffer.
 * Plain descriptors rather than fs/promises FileHandles, whose bookkeeping was half the cost of
 * importing 10,000 headers (measured with --cpu-prof).
 */
async function readHead(path: string, size: number, buffer: Buffer): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const wanted = Math.min(size, FIRST_CHUNK_BYTES);
  const fd = await new Promise<number>((resolve, reject) => fs.open(path, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
  try {
    const bytesRead = await new Promise<number>((resolve, reject) =>
      fs.read(fd, buffer, 0, wanted, 0, (error, count) => (error ? reject(error) : resolve(count))),
    );
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead), complete: size <= FIRST_CHUNK_BYTES && bytesRead === size };
  } finally {
    await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
  }
}

/** dicom-parser's inflater for Deflated Explicit VR Little Endian (PS3.5 §A.5), capped. */
export function inflateDataSet(byteArray: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(byteArray.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
  const out = new Uint8Array(position + inflated.length);
  out.set(byteArray.subarray(0, position));
  out.set(inflated, position);
  return out;
}

/** The data set as far as Pixel Data (deflated ones inflated, capped). */
export function parseUntilPixelData(bytes: Uint8Array): dicomParser.DataSet {
  return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA, inflater: inflateDataSet } as dicomParser.ParseDicomOptions);
}

function text(dataSet: dicomParser.DataSet, tag: string, charset: string | undefined): string {
  const element = dataSet.elements[tag];
  if (element === undefined || element.length === 0) return '';
  const bytes = dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  // Trailing spaces and NUL padding are not part of the value (PS3.5 §6.2).
  return decodeText(bytes, charset).replace(/[\s\0]+$/u, '').replace(/^\s+/u, '');
}

/** A text value of an ASCII-only VR (UI, CS, DS, IS, DA), without padding. */
export function asciiValue(dataSet: dicomParser.DataSet, tag: string): string {
  return (dataSet.string(tag) ?? '').replace(/\0/g, '').trim();
}

function integer(dataSet: dicomParser.DataSet, tag: string): number | undefined {
  const value = Number.parseInt(asciiValue(dataSet, tag), 10);
  return Number.isFinite(value) ? value : undefined;
}

function toHeader(dataSet: dicomParser.DataSet): InstanceHeader | undefined {
  const charset = dataSet.string('x00080005');
  const sopInstanceUid = asciiValue(dataSet, 'x00080018');
  const studyInstanceUid = asciiValue(dataSet, 'x0020000d');
  const seriesInstanceUid = asciiValue(dataSet, 'x0020000e');
  if (sopInstanceUid === '' || studyInstanceUid === '' || seriesInstanceUid === '') return undefined;
  return {
    sopClassUid: asciiValue(dataSet, 'x00080016') || asciiValue(dataSet, 'x00020002'),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    transferSyntaxUid: asciiValue(dataSet, 'x00020010'),
    patientName: parsePersonName(text(dataSet, 'x00100010', charset)),
    patientId: text(dataSet, 'x00100020', charset),
    patientBirthDate: asciiValue(dataSet, 'x00100030'),
    studyDate: asciiValue(dataSet, 'x00080020'),
    studyTime: asciiValue(dataSet, 'x00080030'),
    studyDescription: text(dataSet, 'x00081030', charset),
    accessionNumber: text(dataSet, 'x00080050', charset),
    modality: asciiValue(dataSet, 'x00080060'),
    seriesNumber: integer(dataSet, 'x00200011'),
    seriesDescription: text(dataSet, 'x0008103e', charset),
    sequenceName: asciiValue(dataSet, 'x00180024'),
    bodyPartExamined: asciiValue(dataSet, 'x00180015'),
    instanceNumber: integer(dataSet, 'x00200013'),
    numberOfFrames: Math.max(1, integer(dataSet, 'x00280008') ?? 1),
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    hasPixelData: dataSet.elements[PIXEL_DATA] !== undefined,
  };
}

/** A defined-length Pixel Data element that ends after the file does means a cut-off copy. */
function pixelDataRunsPastEnd(dataSet: dicomParser.DataSet, size: number): boolean {
  const element = dataSet.elements[PIXEL_DATA];
  if (element === undefined || element.length === 0xffffffff || element.hadUndefinedLength === true) return false;
  return element.dataOffset + element.length > size;
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE';
}

function isTruncation(error: unknown): boolean {
  const message = typeof error === 'string' ? error : error instanceof Error ? error.message : '';
  // "unexpected end of file": zlib on the first chunk of a deflated file larger than that chunk.
  return /buffer overread|attempt to read past end|exceeds the buffer|beyond end|unexpected end of file/i.test(message);
}

/**
 * First-chunk buffers reused from file to file: a fresh one per file was a sixth of the import
 * time in garbage collection. Nothing read from a file keeps a view of its buffer (the header
 * holds strings and numbers only), so it is free again once readHeader returns.
 */
const spareBuffers: Buffer[] = [];
const SPARE_BUFFERS_KEPT = 32;

export async function readHeader(path: string, size: number): Promise<HeaderResult> {
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafeSlow(FIRST_CHUNK_BYTES);
  try {
    let head: { bytes: Uint8Array; complete: boolean };
    try {
      head = await readHead(path, size, buffer);
    } catch {
      return { kind: 'broken', reason: 'unreadable' };
    }
    return await interpretHeader(path, size, head);
  } finally {
    if (spareBuffers.length < SPARE_BUFFERS_KEPT) spareBuffers.push(buffer);
  }
}

async function interpretHeader(path: string, size: number, head: { bytes: Uint8Array; complete: boolean }): Promise<HeaderResult> {
  if (!hasPreamble(head.bytes)) return isZip(head.bytes) ? { kind: 'zip' } : { kind: 'not-dicom' };
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parseUntilPixelData(head.bytes);
  } catch (firstError) {
    if (isDicomdir(head.bytes)) return { kind: 'dicomdir' };
    if (isTooLarge(firstError)) return { kind: 'broken', reason: 'unreadable' };
    if (head.complete || !isTruncation(firstError)) return { kind: 'broken', reason: 'truncated' };
    try {
      dataSet = parseUntilPixelData(new Uint8Array(await readFile(path)));
    } catch (error) {
      return { kind: 'broken', reason: isTooLarge(error) ? 'unreadable' : 'truncated' };
    }
  }
  if (dataSet.string('x00020002') === MEDIA_STORAGE_DIRECTORY) return { kind: 'dicomdir' };
  const deflated = dataSet.string('x00020010') === DEFLATED_EXPLICIT_LITTLE;
  if (!head.complete && (deflated || dataSet.elements[PIXEL_DATA] === undefined)) {
    // The header ran past the first chunk (or is deflated): only the whole file tells.
    try {
      dataSet = parseUntilPixelData(new Uint8Array(await readFile(path)));
    } catch (error) {
      return { kind: 'broken', reason: isTooLarge(error) ? 'unreadable' : 'truncated' };
    }
  }
  if (!deflated && pixelDataRunsPastEnd(dataSet, size)) return { kind: 'broken', reason: 'truncated' };
  let header: InstanceHeader | undefined;
  try {
    header = toHeader(dataSet);
  } catch {
    // An element whose length runs past the end parses, then throws when read (found by fuzzing).
    return { kind: 'broken', reason: 'truncated' };
  }
  return header === undefined ? { kind: 'broken', reason: 'missing-uids' } : { kind: 'instance', header };
}
