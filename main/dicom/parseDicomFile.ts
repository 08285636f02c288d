/**
 * A Part 10 file (PS3.10 §7.1): preamble, "DICM", the meta group, then the data set in its
 * transfer syntax, deflated ones (PS3.5 A.5) inflated up to a ceiling. Also reads a bare data set
 * (no preamble, no meta) as implicit VR little endian, as old tools wrote them.
 */
import { inflateRawSync } from 'node:zlib';
import {
  DicomFormatError,
  EXPLICIT_LE,
  IMPLICIT_LE,
  LONG_VRS,
  textOf,
  type DataElement,
  type DicomFile,
  type Syntax,
} from './dataSet.js';
import { parseElements } from './parseElements.js';
import { DEFLATED_EXPLICIT_LITTLE, EXPLICIT_BIG, IMPLICIT_LITTLE } from './transferSyntax.js';

/** A few KB of deflated data can claim gigabytes (a "zip bomb"): inflate no more than this by default. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export interface ReadOptions {
  /** Stop before the first top-level element at or past this tag (e.g. Pixel Data): its header is `stoppedAt`. */
  until?: number;
  /** Ceiling for an inflated deflated data set; past it the read fails with problem `too-large`. */
  maxInflatedBytes?: number;
}

export interface FileMeta {
  meta: DataElement[];
  /** Empty when the meta group has none. */
  transferSyntaxUid: string;
  /** Where the data set starts, after the meta group. */
  bodyStart: number;
}

export function syntaxOf(transferSyntaxUid: string): Syntax {
  if (transferSyntaxUid === IMPLICIT_LITTLE) return IMPLICIT_LE;
  if (transferSyntaxUid === EXPLICIT_BIG) return { explicitVr: true, littleEndian: false };
  return EXPLICIT_LE;
}

export function hasPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** Parses a Part 10 file (or a bare data set); errors are DicomFormatError with a problem code. */
export function parseDicomFile(bytes: Uint8Array, options: ReadOptions = {}): DicomFile {
  try {
    return parsePart10(bytes, options);
  } catch (error) {
    // Only reads checked against the end happen above; a RangeError would be a missed check, and is still "unreadable" to callers.
    if (error instanceof RangeError) throw new DicomFormatError('truncated', 'truncated');
    throw error;
  }
}

/** The File Meta Information alone (PS3.10 §7.1), e.g. to tell a DICOMDIR whose data set will not parse. */
export function readFileMeta(bytes: Uint8Array): FileMeta {
  if (!hasPreamble(bytes)) throw new DicomFormatError('not a DICOM Part 10 file', 'not-dicom');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 132;
  const meta: DataElement[] = [];
  while (offset + 8 <= bytes.length && view.getUint16(offset, true) === 0x0002) {
    const one = metaElement(bytes, view, offset);
    meta.push(one);
    offset = one.end;
  }
  const tsElement = meta.find((element) => element.tag === 0x00020010);
  return {
    meta,
    transferSyntaxUid: tsElement === undefined ? '' : textOf(tsElement),
    bodyStart: offset,
  };
}

/** A data set written without preamble and meta (PS3.10 §7.1 allows none off media; old tools did this): implicit VR little endian starting at group 0008. */
function looksLikeBareDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  return (
    group === 0x0008 &&
    view.getUint16(2, true) < 0x0100 &&
    !/^[A-Z]{2}$/.test(String.fromCharCode(bytes[4]!, bytes[5]!))
  );
}

function parsePart10(bytes: Uint8Array, options: ReadOptions): DicomFile {
  if (!hasPreamble(bytes)) {
    if (!looksLikeBareDataSet(bytes))
      throw new DicomFormatError('not a DICOM Part 10 file', 'not-dicom');
    const parsed = parseElements(bytes, 0, bytes.length, IMPLICIT_LE, options.until);
    return withStop(
      {
        meta: [],
        transferSyntaxUid: IMPLICIT_LITTLE,
        body: parsed.elements,
        bodySyntax: IMPLICIT_LE,
        deflated: false,
      },
      parsed.stoppedAt,
    );
  }
  const { meta, transferSyntaxUid, bodyStart } = readFileMeta(bytes);
  if (transferSyntaxUid === '') throw new DicomFormatError('no transfer syntax');
  if (transferSyntaxUid === DEFLATED_EXPLICIT_LITTLE) {
    const inflated = inflate(
      bytes.subarray(bodyStart),
      options.maxInflatedBytes ?? MAX_INFLATED_BYTES,
    );
    const parsed = parseElements(inflated, 0, inflated.length, EXPLICIT_LE, options.until);
    return withStop(
      { meta, transferSyntaxUid, body: parsed.elements, bodySyntax: EXPLICIT_LE, deflated: true },
      parsed.stoppedAt,
    );
  }
  const bodySyntax = syntaxOf(transferSyntaxUid);
  const parsed = parseElements(bytes, bodyStart, bytes.length, bodySyntax, options.until);
  return withStop(
    { meta, transferSyntaxUid, body: parsed.elements, bodySyntax, deflated: false },
    parsed.stoppedAt,
  );
}

function withStop(file: DicomFile, stoppedAt: DicomFile['stoppedAt']): DicomFile {
  if (stoppedAt !== undefined) file.stoppedAt = stoppedAt;
  return file;
}

function inflate(deflated: Uint8Array, ceiling: number): Uint8Array {
  try {
    const inflated = inflateRawSync(deflated, { maxOutputLength: ceiling });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new DicomFormatError(`inflated data set larger than ${ceiling} bytes`, 'too-large');
    // zlib's Z_BUF_ERROR: the stream stops early, as in the first chunk of a longer file.
    if (code === 'Z_BUF_ERROR') throw new DicomFormatError('deflate stream cut off', 'truncated');
    throw new DicomFormatError('bad deflate stream');
  }
}

function metaElement(bytes: Uint8Array, view: DataView, offset: number): DataElement {
  const vr = String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!);
  const long = LONG_VRS.has(vr);
  if (offset + (long ? 12 : 8) > bytes.length)
    throw new DicomFormatError('truncated meta element', 'truncated');
  const length = long ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
  const valueStart = offset + (long ? 12 : 8);
  if (length > bytes.length - valueStart)
    throw new DicomFormatError('truncated meta element', 'truncated');
  const tag = ((view.getUint16(offset, true) << 16) | view.getUint16(offset + 2, true)) >>> 0;
  return {
    tag,
    vr,
    bytes,
    syntax: EXPLICIT_LE,
    start: offset,
    valueStart,
    length,
    end: valueStart + length,
  };
}
