/**
 * Keeps the 26-connected components of a binary mask that have at least `minimumVoxels`
 * voxels and clears the rest, in place. Visits foreground voxels only (a breadth-first search
 * with one preallocated queue), so its cost follows the vessel volume, not the image.
 * Returns the number of components kept.
 */
export function keepLargeComponents(mask: Uint8Array, dimensions: [number, number, number], minimumVoxels: number): number {
  const [nx, ny, nz] = dimensions;
  const plane = nx * ny;
  let foreground = 0;
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) foreground++;
  const queue = new Int32Array(foreground);
  const VISITED = 2;
  let kept = 0;
  for (let seed = 0; seed < mask.length; seed++) {
    if (mask[seed] !== 1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    mask[seed] = VISITED;
    while (head < tail) {
      const index = queue[head++]!;
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
            if (mask[neighbour] === 1) {
              mask[neighbour] = VISITED;
              queue[tail++] = neighbour;
            }
          }
        }
      }
    }
    const keep = tail >= minimumVoxels;
    if (keep) kept++;
    // Kept voxels become 3 (done), dropped ones 0; both stop further searches from seeding there.
    for (let q = 0; q < tail; q++) mask[queue[q]!] = keep ? 3 : 0;
  }
  for (let v = 0; v < mask.length; v++) if (mask[v] !== 0) mask[v] = 1;
  return kept;
}
