/**
 * Patient-direction letters for the edges of a view (PS3.3 C.7.6.1.1.1: the patient-based
 * coordinate system is LPS; +x toward the patient's Left, +y Posterior, +z Head). A direction
 * gets the letters of its dominant components, strongest first, so an oblique edge reads "LA".
 */
export type Vector3 = readonly [number, number, number];

const POSITIVE = ['L', 'P', 'H'] as const;
const NEGATIVE = ['R', 'A', 'F'] as const;

export function directionLetters(direction: Vector3): string {
  const axes = [0, 1, 2]
    .map((axis) => ({ axis, size: Math.abs(direction[axis]!) }))
    .filter((entry) => entry.size > 0.25)
    .sort((a, b) => b.size - a.size);
  return axes.map(({ axis }) => (direction[axis]! > 0 ? POSITIVE[axis] : NEGATIVE[axis])).join('');
}

function cross(a: Vector3, b: Vector3): Vector3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * Letters at the four edges of a view whose camera looks along `viewPlaneNormal` (from the
 * camera toward the scene is -normal in cornerstone) with `viewUp` pointing to the screen top.
 */
export function edgeLetters(
  viewUp: Vector3,
  viewPlaneNormal: Vector3,
): { top: string; bottom: string; left: string; right: string } {
  // Screen right = up x normal for a camera looking along -normal (right-handed screen axes).
  const right = cross(viewUp, viewPlaneNormal);
  const negate = (v: Vector3): Vector3 => [-v[0], -v[1], -v[2]];
  return {
    top: directionLetters(viewUp),
    bottom: directionLetters(negate(viewUp)),
    right: directionLetters(right),
    left: directionLetters(negate(right)),
  };
}
