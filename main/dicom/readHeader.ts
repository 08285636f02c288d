import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DicomFormatError, textOf } from './dataSet.js';
import { readUntilPixelData, type HeaderValues } from './headerValues.js';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdirReferences.js';
import { hasPreamble, readFileMeta } from './parseDicomFile.js';
import { parsePersonName, type PersonName } from './personName.js';
import { DEFLATED_EXPLICIT_LITTLE } from './transferSyntax.js';

/**
 * Reads the attributes the library needs from one Part 10 file without touching pixel data.
 *
 * Most headers fit in the first chunk; a file whose header runs past it (large private blocks,
 * enhanced multi-frame functional groups) is read in full. Deflated files must be inflated whole.
 */

const FIRST_CHUNK_BYTES = 256 * 1024;

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

/** Whether the File Meta Information names a DICOMDIR; read on its own when the data set will not parse. */
function isDicomdir(bytes: Uint8Array): boolean {
  try {
    const mediaStorage = readFileMeta(bytes).meta.find((element) => element.tag === 0x00020002);
    return mediaStorage !== undefined && textOf(mediaStorage) === MEDIA_STORAGE_DIRECTORY;
  } catch {
    return false;
  }
}

/**
 * One open and one read (the size is known from the listing): no fstat, no growing buffer.
 * Plain descriptors rather than fs/promises FileHandles, whose bookkeeping was half the cost of
 * importing 10,000 headers (measured with --cpu-prof).
 */
async function readHead(
  path: string,
  size: number,
  buffer: Buffer,
): Promise<{ bytes: Uint8Array; complete: boolean }> {
  const wanted = Math.min(size, FIRST_CHUNK_BYTES);
  const fd = await new Promise<number>((resolve, reject) =>
    fs.open(path, 'r', (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  try {
    const bytesRead = await new Promise<number>((resolve, reject) =>
      fs.read(fd, buffer, 0, wanted, 0, (error, count) => (error ? reject(error) : resolve(count))),
    );
    return {
      bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead),
      complete: size <= FIRST_CHUNK_BYTES && bytesRead === size,
    };
  } finally {
    await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
  }
}

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

/** What a failed parse means for the library: a cut-off first chunk is read again in full. */
function problemOf(error: unknown): 'truncated' | 'unreadable' | 'broken' {
  if (error instanceof DicomFormatError) {
    if (error.problem === 'truncated') return 'truncated';
    if (error.problem === 'too-large' || error.problem === 'too-deep') return 'unreadable';
    return 'broken';
  }
  // A file past the largest buffer Node can make (readFile's ERR_BUFFER_TOO_LARGE).
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE'
    ? 'unreadable'
    : 'broken';
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

async function interpretHeader(
  path: string,
  size: number,
  head: { bytes: Uint8Array; complete: boolean },
): Promise<HeaderResult> {
  if (!hasPreamble(head.bytes)) return isZip(head.bytes) ? { kind: 'zip' } : { kind: 'not-dicom' };
  const readWhole = async (): Promise<HeaderValues | HeaderResult> => {
    try {
      return readUntilPixelData(new Uint8Array(await readFile(path)));
    } catch (error) {
      return {
        kind: 'broken',
        reason: problemOf(error) === 'unreadable' ? 'unreadable' : 'truncated',
      };
    }
  };
  let values: HeaderValues | HeaderResult;
  try {
    values = readUntilPixelData(head.bytes);
  } catch (firstError) {
    if (isDicomdir(head.bytes)) return { kind: 'dicomdir' };
    const problem = problemOf(firstError);
    if (problem === 'unreadable') return { kind: 'broken', reason: 'unreadable' };
    if (head.complete || problem !== 'truncated') return { kind: 'broken', reason: 'truncated' };
    values = await readWhole();
  }
  if ('kind' in values) return values;
  if (values.ascii(0x00020002) === MEDIA_STORAGE_DIRECTORY) return { kind: 'dicomdir' };
  const deflated = values.ascii(0x00020010) === DEFLATED_EXPLICIT_LITTLE;
  if (!head.complete && (deflated || !values.hasPixelData)) {
    // The header ran past the first chunk (or is deflated): only the whole file tells.
    values = await readWhole();
    if ('kind' in values) return values;
  }
  if (!deflated && values.pixelDataRunsPast(size)) return { kind: 'broken', reason: 'truncated' };
  const header = toHeader(values);
  return header === undefined
    ? { kind: 'broken', reason: 'missing-uids' }
    : { kind: 'instance', header };
}
