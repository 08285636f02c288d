import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';

export interface ImagePlane {
  sopInstanceUid: string;
  rows: number;
  columns: number;
  /** Image Position (Patient) (0020,0032): the centre of the top left pixel, mm. */
  position: number[];
  /** Image Orientation (Patient) (0020,0037): row then column direction cosines. */
  orientation: number[];
  /** Pixel Spacing (0028,0030): between rows, then between columns, mm. */
  spacing: number[];
}

/** The geometry of an image file (PS3.3 C.7.6.2), read with dicom-parser. */
export async function imagePlane(path: string): Promise<ImagePlane> {
  const dataSet = dicomParser.parseDicom(new Uint8Array(await readFile(path)), {
    untilTag: 'x7fe00010',
  });
  const decimals = (tag: string): number[] => (dataSet.string(tag) ?? '').split('\\').map(Number);
  return {
    sopInstanceUid: dataSet.string('x00080018') ?? '',
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    position: decimals('x00200032'),
    orientation: decimals('x00200037'),
    spacing: decimals('x00280030'),
  };
}
