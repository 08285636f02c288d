/**
 * Unpacks a DICOM SEG (PS3.3 A.51, C.8.20) into one label image per source image, each pixel
 * the number of the segment that covers it (0 = none; where segments overlap, the higher
 * number wins). BINARY frames are 1 bit per pixel packed across frame boundaries without
 * padding (PS3.5 §8.1.1); FRACTIONAL frames count where the value exceeds half of Maximum
 * Fractional Value (C.8.20.2.3). Each frame's source image comes from its Derivation Image
 * Sequence (C.7.6.16.2.6) and its position from Plane Position (Patient) (C.7.6.16.2.3).
 *
 * This runs in main because cornerstone's SEG adapter builds code at run time (ndarray calls
 * `new Function`), which the renderer's Content-Security-Policy (no 'unsafe-eval') forbids.
 */
import type { ReviewLabelmap } from '../../preload/contract/index.js';
import { HandlerError } from '../errors/index.js';
import { items, numbers, text, type DicomItem } from './dicomDataset.js';

const NATIVE = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
]);

function pixelBytes(dataset: DicomItem): Uint8Array {
  const value = dataset.PixelData;
  const first = Array.isArray(value) ? value[0] : value;
  if (first instanceof ArrayBuffer) return new Uint8Array(first);
  if (ArrayBuffer.isView(first))
    return new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  throw new HandlerError('invalid_request', 'segmentation without native pixel data');
}

/** A functional group of a frame: its own item first, then the shared one (C.7.6.16). */
function group(
  frame: DicomItem | undefined,
  shared: DicomItem | undefined,
  keyword: string,
): DicomItem | undefined {
  return items(frame?.[keyword])[0] ?? items(shared?.[keyword])[0];
}

export function segmentationLabelmap(
  dataset: DicomItem,
  transferSyntaxUid: string,
): ReviewLabelmap {
  if (transferSyntaxUid !== '' && !NATIVE.has(transferSyntaxUid))
    throw new HandlerError('invalid_request', 'compressed segmentation');
  const rows = numbers(dataset.Rows)[0] ?? 0;
  const columns = numbers(dataset.Columns)[0] ?? 0;
  const count = numbers(dataset.NumberOfFrames)[0] ?? 1;
  const binary = text(dataset.SegmentationType) === 'BINARY';
  const maximum = numbers(dataset.MaximumFractionalValue)[0] ?? 255;
  const pixels = pixelBytes(dataset);
  const perFrame = items(dataset.PerFrameFunctionalGroupsSequence);
  const shared = items(dataset.SharedFunctionalGroupsSequence)[0];
  const size = rows * columns;
  // Label images are allocated per frame: the frames claimed must be in the pixel data, so a
  // file claiming millions of frames costs at most what it holds (8 labels per byte, binary).
  const needed = binary ? Math.ceil((size * count) / 8) : size * count;
  if (!Number.isSafeInteger(needed) || size <= 0 || count <= 0 || pixels.length < needed)
    throw new HandlerError('invalid_request', 'segmentation pixel data shorter than its frames');
  const byKey = new Map<string, ReviewLabelmap['frames'][number]>();
  for (let frame = 0; frame < count; frame++) {
    const functional = perFrame[frame];
    const segment =
      numbers(
        group(functional, shared, 'SegmentIdentificationSequence')?.ReferencedSegmentNumber,
      )[0] ?? 1;
    const source = items(
      group(functional, shared, 'DerivationImageSequence')?.SourceImageSequence,
    )[0];
    const sourceSopInstanceUid = text(source?.ReferencedSOPInstanceUID) || undefined;
    const position = numbers(
      group(functional, shared, 'PlanePositionSequence')?.ImagePositionPatient,
    );
    const key = sourceSopInstanceUid ?? position.map((v) => v.toFixed(2)).join('\\');
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = {
        ...(sourceSopInstanceUid ? { sourceSopInstanceUid } : {}),
        ...(position.length === 3 ? { position } : {}),
        labels: new Uint8Array(size),
      };
      byKey.set(key, entry);
    }
    const labels = entry.labels;
    const start = frame * size;
    for (let i = 0; i < size; i++) {
      const on = binary
        ? (pixels[(start + i) >> 3]! >> ((start + i) & 7)) & 1
        : (pixels[start + i] ?? 0) > maximum / 2;
      if (on && segment > labels[i]!) labels[i] = segment;
    }
  }
  // Frames with nothing in them are left out: most slices of a finding's SEG are empty.
  return {
    rows,
    columns,
    frames: [...byKey.values()].filter((entry) => entry.labels.some((v) => v !== 0)),
  };
}
