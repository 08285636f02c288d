/**
 * Exact Euclidean distance transform inside a binary mask: for every voxel with mask ≠ 0, the
 * distance in mm to the centre of the nearest voxel with mask = 0 (0 outside the mask).
 * Felzenszwalb & Huttenlocher's separable lower-envelope algorithm ("Distance Transforms of
 * Sampled Functions", Theory of Computing 8, 2012), one pass per axis with that axis's spacing.
 * Lines without any foreground are skipped, which is most of them in an angiogram.
 */
export function distanceInsideMask(mask: Uint8Array, dimensions: [number, number, number], spacing: [number, number, number]): Float32Array {
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
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const base = k * plane + j * nx;
      for (let i = 0; i < nx; i++) {
        if (mask[base + i] !== 0) {
          hasRow[k * ny + j] = 1;
          hasColumn[k * nx + i] = 1;
          hasPillar[j * nx + i] = 1;
        }
      }
    }
  }
  const INF = 1e20;

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

  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      if (hasRow[k * ny + j] === 0) continue;
      const base = k * plane + j * nx;
      for (let i = 0; i < nx; i++) f[i] = mask[base + i] === 0 ? 0 : INF;
      transform(nx, spacing[0]);
      for (let i = 0; i < nx; i++) squared[base + i] = d[i]! >= INF ? Infinity : d[i]!;
    }
  }
  for (let k = 0; k < nz; k++) {
    for (let i = 0; i < nx; i++) {
      if (hasColumn[k * nx + i] === 0) continue;
      const base = k * plane + i;
      for (let j = 0; j < ny; j++) {
        const value = squared[base + j * nx]!;
        f[j] = value === Infinity ? INF : value;
      }
      transform(ny, spacing[1]);
      for (let j = 0; j < ny; j++) squared[base + j * nx] = d[j]! >= INF ? Infinity : d[j]!;
    }
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (hasPillar[j * nx + i] === 0) continue;
      const base = j * nx + i;
      for (let k = 0; k < nz; k++) {
        const value = squared[base + k * plane]!;
        f[k] = value === Infinity ? INF : value;
      }
      transform(nz, spacing[2]);
      for (let k = 0; k < nz; k++) squared[base + k * plane] = Math.sqrt(d[k]!);
    }
  }
  return squared;
}
