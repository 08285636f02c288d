import { readFile } from 'node:fs/promises';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import {
  DicomFormatError,
  EXPLICIT_LE,
  PIXEL_DATA,
  textOf,
  type DataElement,
  type DicomFile,
  type Syntax,
} from './dataSet.js';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdirReferences.js';
import { closeQuietly, FileWindows, FIRST_READ_BYTES, openForReading } from './fileWindow.js';
import { HeaderValues, readUntilPixelData } from './headerValues.js';
import { hasPreamble, readFileMeta, syntaxOf, type FileMeta } from './parseDicomFile.js';
import { parsePersonName, type PersonName } from './personName.js';
import { scanTopLevel, type ScanWindow } from './scanTopLevel.js';
import { DEFLATED_EXPLICIT_LITTLE } from './transferSyntax.js';

/**
 * Reads the attributes the library needs from one Part 10 file, as far as the header of Pixel
 * Data and no further: the first read holds the meta group and the indexed values of most files;
 * what follows them (private blocks, icons, functional groups) is jumped over by its length, so a
 * header of any size costs a few small reads. Deflated files must be inflated whole.
 */

/** A later read, where the scan jumped past the window: the rest of a header is usually short. */
const NEXT_READ_BYTES = 4 * 1024;
/** How much of a deflated data set's start is inflated from the first read, at most. */
const INFLATED_START_BYTES = 1024 * 1024;

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
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

/** The top-level attributes toHeader reads (the meta group is read whole). */
const INDEXED_TAGS: ReadonlySet<number> = new Set([
  0x00080005, 0x00080016, 0x00080018, 0x00080020, 0x00080030, 0x00080050, 0x00080060, 0x00081030,
  0x0008103e, 0x00100010, 0x00100020, 0x00100030, 0x00180015, 0x00180024, 0x0020000d, 0x0020000e,
  0x00200011, 0x00200013, 0x00280008, 0x00280010, 0x00280011,
]);

function toHeader(values: HeaderValues): InstanceHeader | undefined {
  const charset = values.characterSet;
  const sopInstanceUid = values.ascii(0x00080018);
  const studyInstanceUid = values.ascii(0x0020000d);
  const seriesInstanceUid = values.ascii(0x0020000e);
  if (sopInstanceUid === '' || studyInstanceUid === '' || seriesInstanceUid === '')
    return undefined;
  return {
    sopClassUid: values.ascii(0x00080016) || values.ascii(0x00020002),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    transferSyntaxUid: values.ascii(0x00020010),
    patientName: parsePersonName(values.text(0x00100010, charset)),
    patientId: values.text(0x00100020, charset),
    patientBirthDate: values.ascii(0x00100030),
    studyDate: values.ascii(0x00080020),
    studyTime: values.ascii(0x00080030),
    studyDescription: values.text(0x00081030, charset),
    accessionNumber: values.text(0x00080050, charset),
    modality: values.ascii(0x00080060),
    seriesNumber: values.integer(0x00200011),
    seriesDescription: values.text(0x0008103e, charset),
    sequenceName: values.ascii(0x00180024),
    bodyPartExamined: values.ascii(0x00180015),
    instanceNumber: values.integer(0x00200013),
    numberOfFrames: Math.max(1, values.integer(0x00280008) ?? 1),
    rows: values.uint16(0x00280010) ?? 0,
    columns: values.uint16(0x00280011) ?? 0,
    hasPixelData: values.hasPixelData,
  };
}

/** What a failed read means for the library: codes only, never text from the file. */
function brokenOf(error: unknown): HeaderResult {
  if (error instanceof DicomFormatError)
    return {
      kind: 'broken',
      reason:
        error.problem === 'too-large' || error.problem === 'too-deep' ? 'unreadable' : 'truncated',
    };
  return { kind: 'broken', reason: 'unreadable' };
}

export async function readHeader(path: string, size: number): Promise<HeaderResult> {
  let fd: number;
  try {
    fd = openForReading(path);
  } catch {
    return { kind: 'broken', reason: 'unreadable' };
  }
  const windows = new FileWindows(fd);
  try {
    return await readOpenHeader(path, size, windows);
  } catch (error) {
    return brokenOf(error);
  } finally {
    windows.release();
    closeQuietly(fd);
  }
}

/** The meta group from the first read, copied (the window is reused); read again longer if it runs past. */
async function metaOf(head: Uint8Array, size: number, windows: FileWindows): Promise<FileMeta> {
  let bytes = head;
  for (;;) {
    try {
      const meta = readFileMeta(bytes);
      // A meta group that fills the window may go on past it.
      if (meta.bodyStart + 8 <= bytes.length || bytes.length >= size)
        return readFileMeta(bytes.slice(0, meta.bodyStart));
    } catch (error) {
      if (!(error instanceof DicomFormatError) || error.problem !== 'truncated') throw error;
      if (bytes.length >= size) throw error;
    }
    bytes = await windows.read(0, Math.min(size, bytes.length * 4));
  }
}

async function readOpenHeader(
  path: string,
  size: number,
  windows: FileWindows,
): Promise<HeaderResult> {
  const head = await windows.read(0, Math.min(size, FIRST_READ_BYTES));
  if (!hasPreamble(head)) return isZip(head) ? { kind: 'zip' } : { kind: 'not-dicom' };
  const meta = await metaOf(head, size, windows);
  const mediaStorage = meta.meta.find((element) => element.tag === 0x00020002);
  if (mediaStorage !== undefined && textOf(mediaStorage) === MEDIA_STORAGE_DIRECTORY)
    return { kind: 'dicomdir' };
  if (meta.transferSyntaxUid === '') throw new DicomFormatError('no transfer syntax');
  if (meta.transferSyntaxUid === DEFLATED_EXPLICIT_LITTLE) {
    const start = head.length < size ? inflateStart(head.subarray(meta.bodyStart)) : undefined;
    const fromStart = start === undefined ? undefined : scanInflatedStart(meta, start);
    return fromValues(fromStart ?? readUntilPixelData(new Uint8Array(await readFile(path))), size);
  }

  const syntax = syntaxOf(meta.transferSyntaxUid);
  const found: DataElement[] = [];
  let window: ScanWindow = { bytes: head, start: 0, fileSize: size };
  let offset = meta.bodyStart;
  for (;;) {
    const step = scanTopLevel(window, offset, syntax, INDEXED_TAGS, found);
    offset = step.offset;
    if (step.kind === 'done') return fromValues(valuesOf(meta, syntax, found, step), size);
    const length = Math.min(size - step.offset, Math.max(step.length, NEXT_READ_BYTES));
    const windowEnd = window.start + window.bytes.length;
    // The window already holds all the file has from there: what the scan needs is not in it.
    if (window.start <= step.offset && windowEnd >= step.offset + length)
      throw new DicomFormatError('data set runs past the end', 'truncated');
    window = { bytes: await windows.read(step.offset, length), start: step.offset, fileSize: size };
  }
}

function valuesOf(
  meta: FileMeta,
  syntax: Syntax,
  found: DataElement[],
  step: { pixelData?: { valueStart: number; length: number } },
): HeaderValues {
  const file: DicomFile = {
    meta: meta.meta,
    transferSyntaxUid: meta.transferSyntaxUid,
    body: found,
    bodySyntax: syntax,
    deflated: meta.transferSyntaxUid === DEFLATED_EXPLICIT_LITTLE,
  };
  if (step.pixelData !== undefined)
    file.stoppedAt = { tag: PIXEL_DATA, vr: 'OB', ...step.pixelData };
  return new HeaderValues(file);
}

/**
 * The start of a deflated data set (PS3.5 A.5) from the first read alone: a deflate stream can
 * be inflated as far as its bytes go. Capped, as 16 KB of deflate can claim megabytes.
 */
function inflateStart(deflated: Uint8Array): Uint8Array | undefined {
  try {
    const inflated = inflateRawSync(deflated, {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
      maxOutputLength: INFLATED_START_BYTES,
    });
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
  } catch {
    return undefined;
  }
}

/** The values from the inflated start, or undefined when they run past it (then the whole file is read). */
function scanInflatedStart(meta: FileMeta, start: Uint8Array): HeaderValues | undefined {
  const found: DataElement[] = [];
  // An unknown size: the end of the window is the end of what is known, never of the data set.
  const window = { bytes: start, start: 0, fileSize: Number.MAX_SAFE_INTEGER };
  try {
    const step = scanTopLevel(window, 0, EXPLICIT_LE, INDEXED_TAGS, found);
    return step.kind === 'done' ? valuesOf(meta, EXPLICIT_LE, found, step) : undefined;
  } catch {
    return undefined;
  }
}

function fromValues(values: HeaderValues, size: number): HeaderResult {
  if (values.ascii(0x00020002) === MEDIA_STORAGE_DIRECTORY) return { kind: 'dicomdir' };
  const deflated = values.ascii(0x00020010) === DEFLATED_EXPLICIT_LITTLE;
  if (!deflated && values.pixelDataRunsPast(size)) return { kind: 'broken', reason: 'truncated' };
  const header = toHeader(values);
  return header === undefined
    ? { kind: 'broken', reason: 'missing-uids' }
    : { kind: 'instance', header };
}
