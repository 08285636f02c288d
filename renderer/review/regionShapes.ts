/**
 * Where a finding's SR region (SCOORD or SCOORD3D, PS3.3 C.18.6 / C.18.9) lies on the image a
 * viewport shows, as paths and point markers in patient coordinates, ready for worldToCanvas.
 *
 * - SCOORD is in column/row of one image (the "selected from" reference), so it is drawn on that
 *   image (and frame) only, mapped through the image's own geometry.
 * - SCOORD3D is in patient mm of a frame of reference: drawn on any image of that frame whose
 *   plane holds it (within half a slice), projected onto the plane; an ELLIPSOID is cut by the
 *   plane (its cross-section, when the plane meets it).
 * Curves are sampled into short straight segments.
 */
import type { ReviewRegion } from '../../preload/contract/index.js';

export type Vec3 = [number, number, number];

export interface ShownImage {
  sopInstanceUid: string;
  /** 1-based frame of a multi-frame image; 1 for single-frame images. */
  frameNumber: number;
  frameOfReferenceUid: string;
  origin: Vec3;
  rowCosines: Vec3;
  columnCosines: Vec3;
  /** How far from the plane (mm) a patient point still counts as on it. */
  tolerance: number;
  /** Image column/row (0,0 = top left corner of the top left pixel, as in SCOORD) to patient mm. */
  imageToPatient(column: number, row: number): Vec3;
}

export type RegionShape =
  | { kind: 'path'; points: Vec3[]; closed: boolean }
  | { kind: 'point'; point: Vec3 };

const SAMPLES = 72;
const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => scale(a, 1 / (Math.hypot(...a) || 1));

function tuples(points: readonly number[], size: 2 | 3): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + size <= points.length; i += size) out.push(points.slice(i, i + size));
  return out;
}

/** c + a·cos t + b·sin t over a full turn: a circle or ellipse from its centre and half axes. */
function ellipse<T extends number[]>(centre: T, a: T, b: T): T[] {
  return Array.from({ length: SAMPLES }, (_, k) => {
    const t = (2 * Math.PI * k) / SAMPLES;
    return centre.map(
      (value, axis) => value + a[axis]! * Math.cos(t) + b[axis]! * Math.sin(t),
    ) as T;
  });
}

function imageShapes(
  region: Extract<ReviewRegion, { space: 'image' }>,
  image: ShownImage,
): RegionShape[] {
  if (
    region.sopInstanceUid !== image.sopInstanceUid ||
    (region.frameNumber ?? 1) !== image.frameNumber
  )
    return [];
  const pairs = tuples(region.points, 2) as [number, number][];
  const toPatient = (pair: [number, number]): Vec3 => image.imageToPatient(pair[0], pair[1]);
  switch (region.graphicType) {
    case 'POINT':
    case 'MULTIPOINT':
      return pairs.map((pair) => ({ kind: 'point', point: toPatient(pair) }));
    case 'POLYLINE':
      return [{ kind: 'path', points: pairs.map(toPatient), closed: false }];
    case 'CIRCLE': {
      // C.18.6.1.2: the centre, then a point on the circumference.
      const [centre, edge] = pairs as [[number, number], [number, number]];
      const radius = Math.hypot(edge[0] - centre[0], edge[1] - centre[1]);
      return [
        {
          kind: 'path',
          points: ellipse<[number, number]>(centre, [radius, 0], [0, radius]).map(toPatient),
          closed: true,
        },
      ];
    }
    case 'ELLIPSE': {
      // C.18.6.1.2: the two end points of the major axis, then those of the minor axis.
      const [p1, p2, p3, p4] = pairs as [
        [number, number],
        [number, number],
        [number, number],
        [number, number],
      ];
      const centre: [number, number] = [(p1[0] + p2[0]) / 2, (p1[1] + p2[1]) / 2];
      const major: [number, number] = [(p2[0] - p1[0]) / 2, (p2[1] - p1[1]) / 2];
      const minor: [number, number] = [(p4[0] - p3[0]) / 2, (p4[1] - p3[1]) / 2];
      return [{ kind: 'path', points: ellipse(centre, major, minor).map(toPatient), closed: true }];
    }
  }
}

/** The cross-section of an ellipsoid (centre, three orthogonal half axes) with the image plane. */
function ellipsoidSection(
  centre: Vec3,
  axes: [Vec3, Vec3, Vec3],
  normal: Vec3,
  origin: Vec3,
): Vec3[] {
  // x = centre + A·u with |u| = 1; on the plane n·x = n·origin, i.e. m·u = d with m = Aᵀn.
  const m: Vec3 = [dot(axes[0], normal), dot(axes[1], normal), dot(axes[2], normal)];
  const d = dot(normal, sub(origin, centre));
  const length2 = dot(m, m);
  if (length2 === 0 || d * d >= length2) return [];
  // The unit sphere meets the plane m·u = d in a circle around m·d/|m|² of radius √(1 − d²/|m|²).
  const middle = scale(m, d / length2);
  const radius = Math.sqrt(1 - (d * d) / length2);
  const mUnit = unit(m);
  const helper: Vec3 = Math.abs(mUnit[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const e1 = unit(cross(mUnit, helper));
  const e2 = cross(mUnit, e1);
  return ellipse(middle, scale(e1, radius), scale(e2, radius)).map((u) =>
    add(centre, add(add(scale(axes[0], u[0]), scale(axes[1], u[1])), scale(axes[2], u[2]))),
  );
}

function patientShapes(
  region: Extract<ReviewRegion, { space: 'patient' }>,
  image: ShownImage,
): RegionShape[] {
  if (
    region.frameOfReferenceUid !== '' &&
    image.frameOfReferenceUid !== '' &&
    region.frameOfReferenceUid !== image.frameOfReferenceUid
  )
    return [];
  const normal = unit(cross(image.rowCosines, image.columnCosines));
  const points = tuples(region.points, 3) as Vec3[];
  const offset = (point: Vec3): number => dot(normal, sub(point, image.origin));
  const onPlane = (point: Vec3): boolean => Math.abs(offset(point)) <= image.tolerance;
  const project = (point: Vec3): Vec3 => sub(point, scale(normal, offset(point)));
  switch (region.graphicType) {
    case 'POINT':
    case 'MULTIPOINT':
      return points.filter(onPlane).map((point) => ({ kind: 'point', point: project(point) }));
    case 'POLYLINE':
    case 'POLYGON':
      return points.every(onPlane)
        ? [{ kind: 'path', points: points.map(project), closed: region.graphicType === 'POLYGON' }]
        : [];
    case 'ELLIPSE': {
      if (!points.every(onPlane)) return [];
      const [p1, p2, p3, p4] = points as [Vec3, Vec3, Vec3, Vec3];
      const centre = scale(add(p1, p2), 0.5);
      return [
        {
          kind: 'path',
          points: ellipse(centre, scale(sub(p2, p1), 0.5), scale(sub(p4, p3), 0.5)).map(project),
          closed: true,
        },
      ];
    }
    case 'ELLIPSOID': {
      // C.18.9.1.2: three axes, each as its two end points; the centre is their common middle.
      const [p1, p2, p3, p4, p5, p6] = points as [Vec3, Vec3, Vec3, Vec3, Vec3, Vec3];
      const section = ellipsoidSection(
        scale(add(p1, p2), 0.5),
        [scale(sub(p2, p1), 0.5), scale(sub(p4, p3), 0.5), scale(sub(p6, p5), 0.5)],
        normal,
        image.origin,
      );
      return section.length === 0 ? [] : [{ kind: 'path', points: section, closed: true }];
    }
  }
}

export function regionShapes(region: ReviewRegion, image: ShownImage): RegionShape[] {
  return region.space === 'image' ? imageShapes(region, image) : patientShapes(region, image);
}

/**
 * Which of a series' images shows a region best: a SCOORD's own image (and frame); for SCOORD3D
 * the image of the same frame of reference whose plane is nearest its first point. Used to move
 * the viewports to a finding that has regions but no centre (e.g. a TID 1410 planar ROI).
 */
export function imageShowing(
  region: ReviewRegion,
  images: readonly (ShownImage | undefined)[],
): number | undefined {
  if (region.space === 'image') {
    const index = images.findIndex(
      (image) =>
        image?.sopInstanceUid === region.sopInstanceUid &&
        image.frameNumber === (region.frameNumber ?? 1),
    );
    return index < 0 ? undefined : index;
  }
  const point = region.points.slice(0, 3) as Vec3;
  let best: number | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [index, image] of images.entries()) {
    if (
      image === undefined ||
      (region.frameOfReferenceUid !== '' &&
        image.frameOfReferenceUid !== '' &&
        region.frameOfReferenceUid !== image.frameOfReferenceUid)
    )
      continue;
    const distance = Math.abs(
      dot(unit(cross(image.rowCosines, image.columnCosines)), sub(point, image.origin)),
    );
    if (distance < bestDistance) [best, bestDistance] = [index, distance];
  }
  return best;
}
