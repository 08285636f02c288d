/**
 * Exact Euclidean distance transform inside a binary mask: for every voxel with mask ≠ 0, the
 * distance in mm to the centre of the nearest voxel with mask = 0 (0 outside the mask).
 * Felzenszwalb & Huttenlocher's separable lower-envelope algorithm ("Distance Transforms of
 * Sampled Functions", Theory of Computing 8, 2012), one pass per axis with that axis's spacing.
 * Lines without any foreground are skipped, which is most of them in an angiogram.
 */
export function distanceInsideMask(
  mask: Uint8Array,
  dimensions: [number, number, number],
  spacing: [number, number, number],
): Float32Array {
  const [nx, ny, nz] = dimensions;
  const plane = nx * ny;
  const squared = new Float32Array(mask.length);
  const longest = Math.max(nx, ny, nz);
  const f = new Float64Array(longest);
  const d = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);
  const hasRow = new Uint8Array(ny * nz);
  const hasColumn = new Uint8Array(nx * nz);
  const hasPillar = new Uint8Array(nx * ny);
  const INF = 1e20;
  // One scan: squared distances start at 0 (background) or "infinite" (foreground), and every
  // line along each axis that holds foreground is marked for its pass.
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const base = k * plane + j * nx;
      for (let i = 0; i < nx; i++) {
        if (mask[base + i] === 0) continue;
        squared[base + i] = INF;
        hasRow[k * ny + j] = 1;
        hasColumn[k * nx + i] = 1;
        hasPillar[j * nx + i] = 1;
      }
    }
  }
  /** 1D squared-distance transform of f[0..n) with sample spacing s, into d. */
  const transform = (n: number, s: number): void => {
    let hull = -1;
    for (let q = 0; q < n; q++) {
      if (f[q]! >= INF) continue;
      const position = q * s;
      const lifted = f[q]! + position * position;
      let intersection = -INF;
      while (hull >= 0) {
        const p = v[hull]! * s;
        intersection = (lifted - (f[v[hull]!]! + p * p)) / (2 * (position - p));
        if (intersection <= z[hull]!) hull--;
        else break;
      }
      hull++;
      v[hull] = q;
      z[hull] = hull === 0 ? -INF : intersection;
      z[hull + 1] = INF;
    }
    if (hull < 0) {
      for (let q = 0; q < n; q++) d[q] = INF;
      return;
    }
    hull = 0;
    for (let q = 0; q < n; q++) {
      const position = q * s;
      while (z[hull + 1]! < position) hull++;
      const gap = position - v[hull]! * s;
      d[q] = gap * gap + f[v[hull]!]!;
    }
  };

  /** One axis: the 1D transform of every line that holds foreground, in place. */
  const pass = (base: number, stride: number, n: number, step: number, last: boolean): void => {
    for (let q = 0; q < n; q++) f[q] = squared[base + q * stride]!;
    transform(n, step);
    for (let q = 0; q < n; q++) squared[base + q * stride] = last ? Math.sqrt(d[q]!) : d[q]!;
  };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      if (hasRow[k * ny + j] === 1) pass(k * plane + j * nx, 1, nx, spacing[0], false);
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < nx; i++)
      if (hasColumn[k * nx + i] === 1) pass(k * plane + i, nx, ny, spacing[1], false);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      if (hasPillar[j * nx + i] === 1) pass(j * nx + i, plane, nz, spacing[2], true);
  return squared;
}
