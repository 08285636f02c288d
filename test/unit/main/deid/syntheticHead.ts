// A synthetic head, T1-like MR or CT, written as 96 sagittal DICOM slices of 128x128 at 2 mm (the same
// geometry as the sample MR): scalp, skull, CSF and brain as nested ellipsoids, and a face (nose,
// eyes in their orbits, lips, chin) in front. The brain and the skin are known exactly, so
// defacing is measured against ground truth rather than against its own estimate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSlice, textElement } from '../../../support/syntheticSlice.js';

export const SIZE = { slices: 96, rows: 128, columns: 128, mm: 2 };

type Point = [number, number, number];
const inEllipsoid = (p: Point, centre: Point, radii: Point): boolean =>
  ((p[0] - centre[0]) / radii[0]) ** 2 +
    ((p[1] - centre[1]) / radii[1]) ** 2 +
    ((p[2] - centre[2]) / radii[2]) ** 2 <=
  1;

const BRAIN = { centre: [0, 5, 30] as Point, radii: [62, 80, 65] as Point };
const HEAD = { centre: [0, 0, 10] as Point, radii: [76, 96, 110] as Point };
const FACE: { centre: Point; radii: Point }[] = [
  { centre: [0, -98, -15], radii: [10, 14, 24] }, // nose
  { centre: [0, -90, -50], radii: [24, 8, 8] }, // lips
  { centre: [0, -78, -85], radii: [30, 16, 16] }, // chin
  { centre: [-34, -82, 5], radii: [22, 8, 10] }, // cheek / brow, right
  { centre: [34, -82, 5], radii: [22, 8, 10] }, // cheek / brow, left
];
const EYES: Point[] = [
  [-32, -76, 10],
  [32, -76, 10],
];

/** Patient position (LPS, mm) of voxel (slice, row, column): rows run inferior, columns posterior, slices from left to right. */
export function positionOf(slice: number, row: number, column: number): Point {
  return [90 - slice * SIZE.mm, -128 + column * SIZE.mm, 127 - row * SIZE.mm];
}

export function isBrain(p: Point): boolean {
  return inEllipsoid(p, BRAIN.centre, BRAIN.radii);
}

/** Inside the head or the face: what a skin rendering shows the outside of. */
export function isBody(p: Point): boolean {
  return (
    inEllipsoid(p, HEAD.centre, HEAD.radii) ||
    FACE.some((part) => inEllipsoid(p, part.centre, part.radii))
  );
}

/** Tissue classes, and their values on T1 MR and (in HU) on CT. */
const VALUES = {
  MR: {
    air: 8,
    eye: 150,
    whiteMatter: 620,
    greyMatter: 480,
    csf: 120,
    softTissue: 400,
    bone: 90,
    scalp: 700,
  },
  CT: {
    air: -1000,
    eye: 10,
    whiteMatter: 28,
    greyMatter: 38,
    csf: 5,
    softTissue: 30,
    bone: 1200,
    scalp: 20,
  },
};

function intensity(p: Point, random: () => number, modality: 'MR' | 'CT'): number {
  const values = VALUES[modality];
  const noise = (random() - 0.5) * (modality === 'MR' ? 30 : 8);
  if (!isBody(p)) return values.air + (modality === 'MR' ? Math.abs(noise) / 3 : noise);
  if (EYES.some((eye) => inEllipsoid(p, eye, [12, 12, 12]))) return values.eye + noise;
  if (isBrain(p))
    return (
      (inEllipsoid(p, BRAIN.centre, [45, 62, 48]) ? values.whiteMatter : values.greyMatter) + noise
    );
  if (inEllipsoid(p, BRAIN.centre, [BRAIN.radii[0] + 3, BRAIN.radii[1] + 3, BRAIN.radii[2] + 3]))
    return values.csf + noise;
  const inner: Point = [HEAD.radii[0] - 6, HEAD.radii[1] - 6, HEAD.radii[2] - 6];
  if (inEllipsoid(p, HEAD.centre, inner)) {
    const skull: Point = [HEAD.radii[0] - 12, HEAD.radii[1] - 12, HEAD.radii[2] - 12];
    return (inEllipsoid(p, HEAD.centre, skull) ? values.softTissue : values.bone) + noise;
  }
  return values.scalp + noise; // scalp and subcutaneous tissue, and the face
}

/** CT is stored as HU + 1024 with Rescale Intercept -1024 (PS3.3 C.11.1.1.2). */
const CT_INTERCEPT = -1024;

/** Writes the slices into `folder`; returns their paths. */
export function writeSyntheticHead(folder: string, modality: 'MR' | 'CT' = 'MR'): string[] {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const paths: string[] = [];
  for (let slice = 0; slice < SIZE.slices; slice++) {
    const pixels = Buffer.alloc(SIZE.rows * SIZE.columns * 2);
    for (let row = 0; row < SIZE.rows; row++) {
      for (let column = 0; column < SIZE.columns; column++) {
        pixels.writeUInt16LE(
          Math.round(
            Math.max(
              0,
              intensity(positionOf(slice, row, column), random, modality) -
                (modality === 'CT' ? CT_INTERCEPT : 0),
            ),
          ),
          (row * SIZE.columns + column) * 2,
        );
      }
    }
    const bytes = encodeSlice({
      sopClassUid: modality === 'MR' ? '1.2.840.10008.5.1.4.1.1.4' : '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.777.${slice + 1}`,
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.777',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.777.0',
      modality,
      patientName: 'SYNTHETIC^HEAD',
      patientId: 'SYN-0001',
      extra: [
        textElement(0x00180015, 'CS', 'HEAD'),
        textElement(0x00200013, 'IS', String(slice + 1)),
        ...(modality === 'CT'
          ? [
              textElement(0x00281052, 'DS', String(CT_INTERCEPT)),
              textElement(0x00281053, 'DS', '1'),
            ]
          : []),
      ],
      position: positionOf(slice, 0, 0),
      orientation: [0, 1, 0, 0, 0, -1],
      pixelSpacing: SIZE.mm,
      rows: SIZE.rows,
      columns: SIZE.columns,
      bitsStored: 16,
      pixels,
    });
    const path = join(folder, `slice-${String(slice).padStart(3, '0')}.dcm`);
    writeFileSync(path, bytes);
    paths.push(path);
  }
  return paths;
}
