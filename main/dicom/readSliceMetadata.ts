import { open, readFile } from 'node:fs/promises';
import type { SliceMetadata } from '../../preload/contract/index.js';
import { readUntilPixelData as parse, type HeaderValues } from './headerValues.js';
import { DEFLATED_EXPLICIT_LITTLE, IMPLICIT_LITTLE } from './transferSyntax.js';

/**
 * Reads one slice's geometry and pixel description from its header, without its pixels, so
 * the viewer can lay a volume out before any slice is fetched. A CT header is a few kilobytes:
 * the first 64 KiB nearly always hold it; otherwise (long private blocks, deflate) the whole
 * file is read, as the library's header reader does.
 */

const FIRST_CHUNK_BYTES = 64 * 1024;

/** A DS/IS value's numbers (PS3.5 §6.2: backslash-separated). */
function numbers(values: HeaderValues, tag: number): number[] {
  const text = values.ascii(tag);
  if (text === '') return [];
  return text
    .split('\\')
    .map((part) => Number.parseFloat(part))
    .filter((value) => Number.isFinite(value));
}

function tuple<N extends number>(values: number[], length: N): number[] | null {
  return values.length >= length ? values.slice(0, length) : null;
}

function first(values: HeaderValues, tag: number): number | null {
  return numbers(values, tag)[0] ?? null;
}

export function sliceMetadataOf(values: HeaderValues): SliceMetadata {
  const bitsAllocated = values.uint16(0x00280100) ?? 16;
  return {
    sopInstanceUid: values.ascii(0x00080018),
    sopClassUid: values.ascii(0x00080016) || values.ascii(0x00020002),
    instanceNumber: values.integer(0x00200013) ?? null,
    transferSyntaxUid: values.ascii(0x00020010) || IMPLICIT_LITTLE,
    frameOfReferenceUid: values.ascii(0x00200052),
    imagePositionPatient: tuple(
      numbers(values, 0x00200032),
      3,
    ) as SliceMetadata['imagePositionPatient'],
    imageOrientationPatient: tuple(
      numbers(values, 0x00200037),
      6,
    ) as SliceMetadata['imageOrientationPatient'],
    pixelSpacing: tuple(numbers(values, 0x00280030), 2) as SliceMetadata['pixelSpacing'],
    sliceThickness: first(values, 0x00180050),
    rows: values.uint16(0x00280010) ?? 0,
    columns: values.uint16(0x00280011) ?? 0,
    samplesPerPixel: Math.max(1, values.uint16(0x00280002) ?? 1),
    photometricInterpretation: values.ascii(0x00280004).slice(0, 16) || 'MONOCHROME2',
    bitsAllocated,
    bitsStored: values.uint16(0x00280101) ?? bitsAllocated,
    highBit: values.uint16(0x00280102) ?? bitsAllocated - 1,
    pixelRepresentation: values.uint16(0x00280103) === 1 ? 1 : 0,
    rescaleSlope: first(values, 0x00281053),
    rescaleIntercept: first(values, 0x00281052),
    rescaleType: values.ascii(0x00281054).slice(0, 16),
    windowCenter: numbers(values, 0x00281050).slice(0, 16),
    windowWidth: numbers(values, 0x00281051).slice(0, 16),
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
export async function readSliceDataSet(path: string): Promise<HeaderValues> {
  const { bytes, whole } = await head(path);
  if (!whole) {
    try {
      const values = parse(bytes);
      if (values.hasPixelData && values.ascii(0x00020010) !== DEFLATED_EXPLICIT_LITTLE)
        return values;
    } catch {
      // The header runs past the first chunk.
    }
  }
  return parse(whole ? bytes : new Uint8Array(await readFile(path)));
}

export async function readSliceMetadata(path: string): Promise<SliceMetadata> {
  return sliceMetadataOf(await readSliceDataSet(path));
}
