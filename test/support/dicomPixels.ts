import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';

export interface StoredImage {
  rows: number;
  columns: number;
  /** Modality values (stored value x slope + intercept), row-major. */
  values: Float64Array;
  windowCenter: number;
  windowWidth: number;
}

/**
 * Reads an uncompressed little-endian single-frame image the way a reference reader would,
 * independent of the viewer's loader, so pixel checks compare against the file itself.
 */
export async function readUncompressed(path: string): Promise<StoredImage> {
  const bytes = new Uint8Array(await readFile(path));
  const dataSet = dicomParser.parseDicom(bytes);
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const signed = dataSet.uint16('x00280103') === 1;
  const bits = dataSet.uint16('x00280100') ?? 16;
  const slope = Number(dataSet.string('x00281053') ?? 1) || 1;
  const intercept = Number(dataSet.string('x00281052') ?? 0) || 0;
  const pixel = dataSet.elements['x7fe00010'];
  if (pixel === undefined || bits !== 16)
    throw new Error('expected 16-bit uncompressed pixel data');
  const view = new DataView(bytes.buffer, bytes.byteOffset + pixel.dataOffset, rows * columns * 2);
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < values.length; i++)
    values[i] =
      (signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true)) * slope + intercept;
  return {
    rows,
    columns,
    values,
    windowCenter: Number((dataSet.string('x00281050') ?? '').split('\\')[0]),
    windowWidth: Number((dataSet.string('x00281051') ?? '').split('\\')[0]),
  };
}

/** Linear VOI as the viewer applies it: [centre - width/2, centre + width/2] onto 0-255. */
export function applyWindow(values: Float64Array, center: number, width: number): Float64Array {
  const lower = center - width / 2;
  return values.map((value) => Math.min(255, Math.max(0, ((value - lower) / width) * 255)));
}
