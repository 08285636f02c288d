import type { Vec3 } from './vec3.js';

/**
 * Nearly uniform unit vectors on the sphere (Fibonacci lattice), with each direction's
 * opposite, for casting rays from a point.
 */
export interface SphereDirections {
  vectors: Vec3[];
  /** Index of the direction closest to the opposite of each direction. */
  antipodes: number[];
}

export function fibonacciDirections(count: number): SphereDirections {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const vectors: Vec3[] = [];
  for (let n = 0; n < count; n++) {
    const z = 1 - (2 * (n + 0.5)) / count;
    const r = Math.sqrt(1 - z * z);
    vectors.push([r * Math.cos(golden * n), r * Math.sin(golden * n), z]);
  }
  const antipodes = vectors.map((a) => {
    let best = 0;
    let bestDot = Infinity;
    vectors.forEach((b, m) => {
      const d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
      if (d < bestDot) {
        bestDot = d;
        best = m;
      }
    });
    return best;
  });
  return { vectors, antipodes };
}
