import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';

/**
 * A BINARY DICOM SEG read the way a reference reader would, independent of the app's own
 * reader, so e2e checks can say where on the image each segment must be drawn: each frame's
 * segment number and source image from its functional groups (PS3.3 C.8.20.3, C.7.6.16.2), its
 * bits unpacked across frame boundaries (PS3.5 §8.1.1).
 */
export interface SegmentationFrame {
  segmentNumber: number;
  sourceSopInstanceUid: string;
  /** 1 where the segment is, row-major. */
  mask: Uint8Array;
}
export interface Segmentation {
  rows: number;
  columns: number;
  frames: SegmentationFrame[];
}

type DataSet = ReturnType<typeof dicomParser.parseDicom>;

function firstItem(dataSet: DataSet | undefined, tag: string): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

export async function readBinarySegmentation(path: string): Promise<Segmentation> {
  const bytes = new Uint8Array(await readFile(path));
  const dataSet = dicomParser.parseDicom(bytes);
  if (dataSet.string('x00620001') !== 'BINARY') throw new Error('expected a BINARY segmentation');
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const count = Number(dataSet.string('x00280008') ?? 1);
  const pixel = dataSet.elements['x7fe00010']!;
  const shared = firstItem(dataSet, 'x52009229');
  const perFrame = dataSet.elements['x52009230']?.items ?? [];
  const size = rows * columns;
  const frames: SegmentationFrame[] = [];
  for (let frame = 0; frame < count; frame++) {
    const own = perFrame[frame]?.dataSet;
    const group = (tag: string): DataSet | undefined =>
      firstItem(own, tag) ?? firstItem(shared, tag);
    const segmentNumber = group('x0062000a')?.uint16('x0062000b') ?? 1;
    const source = firstItem(group('x00089124'), 'x00082112');
    const mask = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const bit = frame * size + i;
      mask[i] = (bytes[pixel.dataOffset + (bit >> 3)]! >> (bit & 7)) & 1;
    }
    frames.push({ segmentNumber, sourceSopInstanceUid: source?.string('x00081155') ?? '', mask });
  }
  return { rows, columns, frames };
}
