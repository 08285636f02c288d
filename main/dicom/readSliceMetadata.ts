import { open, readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import type { SliceMetadata } from '../../preload/contract/index.js';
import { asciiValue as ascii, parseUntilPixelData as parse } from './readHeader.js';
import { DEFLATED_EXPLICIT_LITTLE, IMPLICIT_LITTLE } from './transferSyntax.js';

/**
 * Reads one slice's geometry and pixel description from its header, without its pixels, so
 * the viewer can lay a volume out before any slice is fetched. A CT header is a few kilobytes:
 * the first 64 KiB nearly always hold it; otherwise (long private blocks, deflate) the whole
 * file is read, as the library's header reader does.
 */

const FIRST_CHUNK_BYTES = 64 * 1024;
const PIXEL_DATA = 'x7fe00010';

/** A DS/IS value's numbers (PS3.5 §6.2: backslash-separated). */
function numbers(dataSet: dicomParser.DataSet, tag: string): number[] {
  const text = ascii(dataSet, tag);
  if (text === '') return [];
  return text.split('\\').map((part) => Number.parseFloat(part)).filter((value) => Number.isFinite(value));
}

function tuple<N extends number>(values: number[], length: N): number[] | null {
  return values.length >= length ? values.slice(0, length) : null;
}

function first(dataSet: dicomParser.DataSet, tag: string): number | null {
  return numbers(dataSet, tag)[0] ?? null;
}

function integer(dataSet: dicomParser.DataSet, tag: string): number | null {
  const value = Number.parseInt(ascii(dataSet, tag), 10);
  return Number.isFinite(value) ? value : null;
}

export function sliceMetadataOf(dataSet: dicomParser.DataSet): SliceMetadata {
  const bitsAllocated = dataSet.uint16('x00280100') ?? 16;
  return {
    sopInstanceUid: ascii(dataSet, 'x00080018'),
    sopClassUid: ascii(dataSet, 'x00080016') || ascii(dataSet, 'x00020002'),
    instanceNumber: integer(dataSet, 'x00200013'),
    transferSyntaxUid: ascii(dataSet, 'x00020010') || IMPLICIT_LITTLE,
    frameOfReferenceUid: ascii(dataSet, 'x00200052'),
    imagePositionPatient: tuple(numbers(dataSet, 'x00200032'), 3) as SliceMetadata['imagePositionPatient'],
    imageOrientationPatient: tuple(numbers(dataSet, 'x00200037'), 6) as SliceMetadata['imageOrientationPatient'],
    pixelSpacing: tuple(numbers(dataSet, 'x00280030'), 2) as SliceMetadata['pixelSpacing'],
    sliceThickness: first(dataSet, 'x00180050'),
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    samplesPerPixel: Math.max(1, dataSet.uint16('x00280002') ?? 1),
    photometricInterpretation: ascii(dataSet, 'x00280004').slice(0, 16) || 'MONOCHROME2',
    bitsAllocated,
    bitsStored: dataSet.uint16('x00280101') ?? bitsAllocated,
    highBit: dataSet.uint16('x00280102') ?? bitsAllocated - 1,
    pixelRepresentation: dataSet.uint16('x00280103') === 1 ? 1 : 0,
    rescaleSlope: first(dataSet, 'x00281053'),
    rescaleIntercept: first(dataSet, 'x00281052'),
    rescaleType: ascii(dataSet, 'x00281054').slice(0, 16),
    windowCenter: numbers(dataSet, 'x00281050').slice(0, 16),
    windowWidth: numbers(dataSet, 'x00281051').slice(0, 16),
  };
}

async function head(path: string): Promise<{ bytes: Uint8Array; whole: boolean }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = new Uint8Array(Math.min(size, FIRST_CHUNK_BYTES));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return { bytes: buffer.subarray(0, bytesRead), whole: bytesRead === size };
  } finally {
    await file.close();
  }
}

/** The dataset as far as Pixel Data, reading the whole file only when the first chunk does not reach it. */
export async function readSliceDataSet(path: string): Promise<dicomParser.DataSet> {
  const { bytes, whole } = await head(path);
  if (!whole) {
    try {
      const dataSet = parse(bytes);
      if (dataSet.elements[PIXEL_DATA] !== undefined && dataSet.string('x00020010') !== DEFLATED_EXPLICIT_LITTLE) return dataSet;
    } catch {
      // The header runs past the first chunk.
    }
  }
  return parse(whole ? bytes : new Uint8Array(await readFile(path)));
}

export async function readSliceMetadata(path: string): Promise<SliceMetadata> {
  return sliceMetadataOf(await readSliceDataSet(path));
}
