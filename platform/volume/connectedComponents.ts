/**
 * 26-connected components of a binary mask, visited one at a time by breadth-first search over
 * foreground voxels only (one preallocated queue), so the cost follows the foreground volume.
 * `visit` receives the component's voxel indices (valid until it returns).
 */
export function visitComponents(
  mask: Uint8Array,
  dimensions: [number, number, number],
  visit: (voxels: Int32Array) => void,
): void {
  const [nx, ny, nz] = dimensions;
  const plane = nx * ny;
  let foreground = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) foreground++;
  const queue = new Int32Array(foreground);
  const seen = new Uint8Array(mask.length);
  for (let seed = 0; seed < mask.length; seed++) {
    if (mask[seed] === 0 || seen[seed] === 1) continue;
    let tail = 0;
    queue[tail++] = seed;
    seen[seed] = 1;
    for (let head = 0; head < tail; head++) {
      const index = queue[head]!;
      const k = Math.floor(index / plane);
      const j = Math.floor((index - k * plane) / nx);
      const i = index - k * plane - j * nx;
      for (let dk = -1; dk <= 1; dk++) {
        const kk = k + dk;
        if (kk < 0 || kk >= nz) continue;
        for (let dj = -1; dj <= 1; dj++) {
          const jj = j + dj;
          if (jj < 0 || jj >= ny) continue;
          for (let di = -1; di <= 1; di++) {
            const ii = i + di;
            if (ii < 0 || ii >= nx) continue;
            const neighbour = kk * plane + jj * nx + ii;
            if (mask[neighbour] !== 0 && seen[neighbour] === 0) {
              seen[neighbour] = 1;
              queue[tail++] = neighbour;
            }
          }
        }
      }
    }
    visit(queue.subarray(0, tail));
  }
}

/** Clears, in place, the components smaller than `minimumVoxels`; returns how many were kept. */
export function keepLargeComponents(
  mask: Uint8Array,
  dimensions: [number, number, number],
  minimumVoxels: number,
): number {
  let kept = 0;
  visitComponents(mask, dimensions, (voxels) => {
    if (voxels.length >= minimumVoxels) kept++;
    else for (const v of voxels) mask[v] = 0;
  });
  return kept;
}

/** Only the largest component of the mask. */
export function largestComponent(
  mask: Uint8Array,
  dimensions: [number, number, number],
): Uint8Array {
  let largest = new Int32Array(0);
  visitComponents(mask, dimensions, (voxels) => {
    if (voxels.length > largest.length) largest = Int32Array.from(voxels);
  });
  const out = new Uint8Array(mask.length);
  for (const v of largest) out[v] = 1;
  return out;
}
