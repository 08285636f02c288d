// A synthetic T1-like head MR, written as 96 sagittal DICOM slices of 128x128 at 2 mm (the same
// geometry as the sample MR): scalp, skull, CSF and brain as nested ellipsoids, and a face (nose,
// eyes in their orbits, lips, chin) in front. The brain and the skin are known exactly, so
// defacing is measured against ground truth rather than against its own estimate.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDicomFile, encodeText, type OutElement } from '../../../main/deid/dataSetWriter.js';

export const SIZE = { slices: 96, rows: 128, columns: 128, mm: 2 };
const SYNTAX = { explicitVr: true, littleEndian: true };

type Point = [number, number, number];
const inEllipsoid = (p: Point, centre: Point, radii: Point): boolean =>
  ((p[0] - centre[0]) / radii[0]) ** 2 + ((p[1] - centre[1]) / radii[1]) ** 2 + ((p[2] - centre[2]) / radii[2]) ** 2 <= 1;

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
  return inEllipsoid(p, HEAD.centre, HEAD.radii) || FACE.some((part) => inEllipsoid(p, part.centre, part.radii));
}

function intensity(p: Point, random: () => number): number {
  const noise = (random() - 0.5) * 30;
  if (!isBody(p)) return Math.max(0, 8 + noise / 3);
  if (EYES.some((eye) => inEllipsoid(p, eye, [12, 12, 12]))) return 150 + noise; // vitreous: dark on T1
  if (isBrain(p)) return (inEllipsoid(p, BRAIN.centre, [45, 62, 48]) ? 620 : 480) + noise; // white and grey matter
  if (inEllipsoid(p, BRAIN.centre, [BRAIN.radii[0] + 3, BRAIN.radii[1] + 3, BRAIN.radii[2] + 3])) return 120 + noise; // CSF
  const inner: Point = [HEAD.radii[0] - 6, HEAD.radii[1] - 6, HEAD.radii[2] - 6];
  if (inEllipsoid(p, HEAD.centre, inner)) {
    const skull: Point = [HEAD.radii[0] - 12, HEAD.radii[1] - 12, HEAD.radii[2] - 12];
    return inEllipsoid(p, HEAD.centre, skull) ? 400 + noise : 90 + noise; // soft tissue / bone
  }
  return 700 + noise; // scalp and subcutaneous fat: bright on T1
}

/** Writes the slices into `folder`; returns their paths. */
export function writeSyntheticHead(folder: string): string[] {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const paths: string[] = [];
  const text = (tag: number, vr: string, value: string): OutElement => ({ kind: 'value', tag, vr, value: encodeText(value, vr) });
  const us = (tag: number, value: number): OutElement => ({ kind: 'value', tag, vr: 'US', value: Buffer.from([value & 0xff, value >> 8]) });
  for (let slice = 0; slice < SIZE.slices; slice++) {
    const pixels = Buffer.alloc(SIZE.rows * SIZE.columns * 2);
    for (let row = 0; row < SIZE.rows; row++) {
      for (let column = 0; column < SIZE.columns; column++) {
        pixels.writeUInt16LE(Math.round(Math.max(0, intensity(positionOf(slice, row, column), random))), (row * SIZE.columns + column) * 2);
      }
    }
    const sop = `1.2.826.0.1.3680043.8.498.777.${slice + 1}`;
    const origin = positionOf(slice, 0, 0);
    const body: OutElement[] = [
      text(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
      text(0x00080018, 'UI', sop),
      text(0x00080060, 'CS', 'MR'),
      text(0x00100010, 'PN', 'SYNTHETIC^HEAD'),
      text(0x00100020, 'LO', 'SYN-0001'),
      text(0x00180015, 'CS', 'HEAD'),
      text(0x0020000d, 'UI', '1.2.826.0.1.3680043.8.498.777'),
      text(0x0020000e, 'UI', '1.2.826.0.1.3680043.8.498.777.0'),
      text(0x00200013, 'IS', String(slice + 1)),
      text(0x00200032, 'DS', origin.join('\\')),
      text(0x00200037, 'DS', '0\\1\\0\\0\\0\\-1'),
      us(0x00280002, 1),
      text(0x00280004, 'CS', 'MONOCHROME2'),
      us(0x00280010, SIZE.rows),
      us(0x00280011, SIZE.columns),
      text(0x00280030, 'DS', `${SIZE.mm}\\${SIZE.mm}`),
      us(0x00280100, 16),
      us(0x00280101, 16),
      us(0x00280102, 15),
      us(0x00280103, 0),
      { kind: 'value', tag: 0x7fe00010, vr: 'OW', value: pixels },
    ];
    const meta: OutElement[] = [
      { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
      text(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
      text(0x00020003, 'UI', sop),
      text(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
    ];
    const path = join(folder, `slice-${String(slice).padStart(3, '0')}.dcm`);
    writeFileSync(path, Buffer.concat(encodeDicomFile(meta, body, SYNTAX, false)));
    paths.push(path);
  }
  return paths;
}
