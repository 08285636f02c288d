/**
 * Checks a series' slice geometry before it is trusted as a volume. Two things break MPR and
 * distance measurements silently:
 * - gantry (detector) tilt: CT slices acquired with a tilted gantry keep an orientation
 *   (0020,0037) perpendicular to the table while their positions (0020,0032) step obliquely, so
 *   a volume built from the orientation alone is sheared (PS3.3 C.7.6.2.1.1);
 * - uneven spacing: missing or overlapping slices; a volume assumes one constant spacing.
 */
export interface SlicePlane {
  imagePositionPatient: readonly number[];
  imageOrientationPatient: readonly number[];
}

export interface SliceGeometry {
  /** Angle in degrees between the slice normal and the line through the slice positions. */
  tiltDegrees: number;
  /** Gaps between neighbouring slices along the normal, in mm, in stacking order. */
  gaps: number[];
  /** Whether the gaps differ by more than the tolerance. */
  uneven: boolean;
}

/** Gaps may differ by 1 % of the typical gap (or 0.01 mm) before a series counts as uneven. */
const RELATIVE_TOLERANCE = 0.01;
/** Below this many degrees a tilt is rounding noise in the stored positions. */
export const TILT_TOLERANCE_DEGREES = 0.5;

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [
    a[1]! * b[2]! - a[2]! * b[1]!,
    a[2]! * b[0]! - a[0]! * b[2]!,
    a[0]! * b[1]! - a[1]! * b[0]!,
  ];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

export function sliceGeometry(planes: readonly SlicePlane[]): SliceGeometry | undefined {
  if (planes.length < 2) return undefined;
  const orientation = planes[0]!.imageOrientationPatient;
  const normal = cross(orientation.slice(0, 3), orientation.slice(3, 6));
  const ordered = planes
    .map((plane) => ({ plane, along: dot(plane.imagePositionPatient, normal) }))
    .sort((a, b) => a.along - b.along);
  const gaps = ordered.slice(1).map((entry, index) => entry.along - ordered[index]!.along);
  const first = ordered[0]!.plane.imagePositionPatient;
  const last = ordered[ordered.length - 1]!.plane.imagePositionPatient;
  const step = [last[0]! - first[0]!, last[1]! - first[1]!, last[2]! - first[2]!];
  const length = Math.hypot(step[0]!, step[1]!, step[2]!);
  const cosine = length === 0 ? 1 : Math.min(1, Math.abs(dot(step, normal)) / length);
  const tiltDegrees = (Math.acos(cosine) * 180) / Math.PI;
  const sorted = [...gaps].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)]!;
  const tolerance = Math.max(0.01, Math.abs(typical) * RELATIVE_TOLERANCE);
  const uneven = sorted[sorted.length - 1]! - sorted[0]! > tolerance;
  return { tiltDegrees, gaps, uneven };
}
