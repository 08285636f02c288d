import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import { ServiceInputError } from './serviceInputError.js';
import { decodeText } from '@mitate/dicom-charset';
import { cross, dot, normalize, type ScalarVolume, type Vec3 } from '../volume/index.js';

/** What result objects copy from the input (Patient and General Study modules) and reference. */
export interface SourceSeries {
  volume: ScalarVolume;
  sopClassUid: string;
  /** SOP Instance UIDs in slice order (index k of the volume). */
  sopInstanceUids: string[];
  /** Each slice's own Image Position (Patient), in slice order. The volume's geometry assumes an
   * even step; a result that references a slice must use this exact position instead. */
  slicePositions: Vec3[];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  /** Attributes copied into the results' Patient and General Study modules, decoded to Unicode. */
  patientStudy: Record<string, string>;
  /** The results' Specific Character Set: 'ISO_IR 192' when the copied text needs it, else ''. */
  specificCharacterSet: string;
}

const copiedAttributes: Record<string, string> = {
  PatientName: 'x00100010',
  PatientID: 'x00100020',
  PatientBirthDate: 'x00100030',
  PatientSex: 'x00100040',
  StudyDate: 'x00080020',
  StudyTime: 'x00080030',
  ReferringPhysicianName: 'x00080090',
  StudyID: 'x00200010',
  AccessionNumber: 'x00080050',
  StudyDescription: 'x00081030',
};

interface ParsedSlice {
  position: Vec3;
  bytes: Uint8Array;
  pixelOffset: number;
  pixelLength: number;
  sopInstanceUid: string;
  dataSet: dicomParser.DataSet;
}

function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  const text = dataSet.string(tag);
  return text === undefined ? [] : text.split('\\').map(Number);
}

/** The input is not a series the services can read; the message names the problem, never a path or patient data. */
export class SeriesError extends ServiceInputError {}

/** Stored values × Rescale Slope + Rescale Intercept (PS3.3 C.11.1.1.2) into `out`. */
function writeSlice(slice: ParsedSlice, count: number, out: Float32Array): void {
  const { dataSet, bytes } = slice;
  if ((dataSet.uint16('x00280010') ?? 0) * (dataSet.uint16('x00280011') ?? 0) !== count)
    throw new SeriesError('input slices differ in size');
  const bits = dataSet.uint16('x00280100') ?? 16;
  const signed = dataSet.uint16('x00280103') === 1;
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const need = (count * bits) / 8;
  if (slice.pixelLength < need)
    throw new SeriesError('input pixel data is shorter than its rows and columns');
  const start = bytes.byteOffset + slice.pixelOffset;
  let stored: ArrayLike<number>;
  if (bits === 8)
    stored = signed
      ? new Int8Array(bytes.buffer, start, count)
      : new Uint8Array(bytes.buffer, start, count);
  else {
    // Typed views need 2-byte alignment; copy the few unaligned files.
    const aligned =
      start % 2 === 0
        ? bytes.buffer
        : bytes.slice(slice.pixelOffset, slice.pixelOffset + need).buffer;
    const offset = start % 2 === 0 ? start : 0;
    stored = signed
      ? new Int16Array(aligned, offset, count)
      : new Uint16Array(aligned, offset, count);
  }
  for (let v = 0; v < count; v++) out[v] = stored[v]! * slope + intercept;
}

/**
 * Reads one single-frame, uncompressed, 3D series (one file per slice, as phantoms and classic
 * MR/CT are) into a float volume with its patient-space geometry. Files that are not DICOM are
 * skipped (a folder may hold truth.json). Slices are ordered along the normal of Image
 * Orientation (PS3.3 C.7.6.2.1.1), never by Instance Number.
 */
export async function readSeries(files: string[]): Promise<SourceSeries> {
  const slices: ParsedSlice[] = [];
  let first: dicomParser.DataSet | undefined;
  let normal: Vec3 = [0, 0, 1];
  let rowDirection: Vec3 = [1, 0, 0];
  let columnDirection: Vec3 = [0, 1, 0];
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    if (bytes.length < 132 || String.fromCharCode(...bytes.subarray(128, 132)) !== 'DICM') continue;
    const dataSet = dicomParser.parseDicom(bytes);
    const transferSyntax = dataSet.string('x00020010') ?? '';
    if (transferSyntax !== '1.2.840.10008.1.2.1' && transferSyntax !== '1.2.840.10008.1.2')
      throw new SeriesError('input must be uncompressed little endian');
    const pixel = dataSet.elements.x7fe00010;
    if (pixel === undefined) continue;
    if (first === undefined) {
      first = dataSet;
      const orientation = numbers(dataSet, 'x00200037');
      if (orientation.length !== 6)
        throw new SeriesError('input has no Image Orientation (Patient)');
      rowDirection = normalize(orientation.slice(0, 3) as Vec3);
      columnDirection = normalize(orientation.slice(3, 6) as Vec3);
      normal = normalize(cross(rowDirection, columnDirection));
    } else if (dataSet.string('x0020000e') !== first.string('x0020000e')) {
      throw new SeriesError('input folder holds more than one series');
    }
    const bits = dataSet.uint16('x00280100') ?? 16;
    if (bits !== 16 && bits !== 8) throw new SeriesError('input pixel data must be 8 or 16 bits');
    const position = numbers(dataSet, 'x00200032');
    if (position.length !== 3) throw new SeriesError('input has no Image Position (Patient)');
    slices.push({
      position: position as Vec3,
      bytes,
      pixelOffset: pixel.dataOffset,
      pixelLength: pixel.length,
      sopInstanceUid: dataSet.string('x00080018') ?? '',
      dataSet,
    });
  }
  if (first === undefined || slices.length < 2)
    throw new SeriesError('input needs a series of at least two image slices');
  slices.sort((a, b) => dot(a.position, normal) - dot(b.position, normal));
  const rows = first.uint16('x00280010') ?? 0;
  const columns = first.uint16('x00280011') ?? 0;
  const pixelSpacing = numbers(first, 'x00280030');
  const sliceStep =
    (dot(slices[slices.length - 1]!.position, normal) - dot(slices[0]!.position, normal)) /
    (slices.length - 1);
  if (!(sliceStep > 0)) throw new SeriesError('input slices share one position');
  // One allocation: each slice's stored values are rescaled straight into the volume.
  const count = rows * columns;
  const data = new Float32Array(count * slices.length);
  slices.forEach((slice, k) => writeSlice(slice, count, data.subarray(k * count, (k + 1) * count)));

  // Text is decoded by the input's character set (ISO 2022 Japanese included) and written back
  // as UTF-8 (ISO_IR 192) when it is not plain ASCII.
  const characterSet = first.string('x00080005');
  const patientStudy: Record<string, string> = {};
  for (const [keyword, tag] of Object.entries(copiedAttributes)) {
    const element = first.elements[tag];
    const raw =
      element === undefined
        ? new Uint8Array(0)
        : first.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
    patientStudy[keyword] = decodeText(raw, characterSet).replace(/[\s\0]+$/, '');
  }
  const needsUtf8 = Object.values(patientStudy).some((value) => /[^\x20-\x7e]/.test(value));
  return {
    volume: {
      data,
      dimensions: [columns, rows, slices.length],
      // Pixel Spacing is row spacing (between rows) first, then column spacing (PS3.3 10.7.1.3).
      spacing: [pixelSpacing[1] ?? 1, pixelSpacing[0] ?? 1, sliceStep],
      origin: slices[0]!.position,
      rowDirection,
      columnDirection,
      sliceDirection: normal,
    },
    sopClassUid: first.string('x00080016') ?? '',
    sopInstanceUids: slices.map((s) => s.sopInstanceUid),
    slicePositions: slices.map((s) => s.position),
    studyInstanceUid: first.string('x0020000d') ?? '',
    seriesInstanceUid: first.string('x0020000e') ?? '',
    frameOfReferenceUid: first.string('x00200052') ?? '',
    modality: first.string('x00080060') ?? '',
    patientStudy,
    specificCharacterSet: needsUtf8 ? 'ISO_IR 192' : '',
  };
}
