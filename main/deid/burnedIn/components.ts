/**
 * Connected blobs (8-connected) of the pixels that stand out of their surroundings, with what the
 * text-line grouping needs to know of each: the box, the area and how strongly they stand out.
 */
export interface Blob {
  x0: number;
  y0: number;
  x1: number; // exclusive
  y1: number; // exclusive
  area: number;
  /** Pixels at or above the strong threshold. */
  strong: number;
  contrastSum: number;
}

export function findBlobs(
  contrast: Uint8Array,
  width: number,
  height: number,
  seed: number,
  strong: number,
  /** Blobs start at pixels standing out by `seed` and grow through those standing out by `grow` (hysteresis, as edge detectors do): faint parts of a glyph stay with it, faint texture alone starts nothing. */
  grow: number = seed,
): Blob[] {
  const seen = new Uint8Array(contrast.length);
  const stack = new Int32Array(contrast.length);
  const blobs: Blob[] = [];
  for (let start = 0; start < contrast.length; start++) {
    if (seen[start] || contrast[start]! < seed) continue;
    const blob: Blob = {
      x0: width,
      y0: height,
      x1: 0,
      y1: 0,
      area: 0,
      strong: 0,
      contrastSum: 0,
    };
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const at = stack[--top]!;
      const x = at % width;
      const y = (at - x) / width;
      const value = contrast[at]!;
      blob.area++;
      blob.contrastSum += value;
      if (value >= strong) blob.strong++;
      if (x < blob.x0) blob.x0 = x;
      if (x >= blob.x1) blob.x1 = x + 1;
      if (y < blob.y0) blob.y0 = y;
      if (y >= blob.y1) blob.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const next = ny * width + nx;
          if (seen[next] || contrast[next]! < grow) continue;
          seen[next] = 1;
          stack[top++] = next;
        }
      }
    }
    blobs.push(blob);
  }
  return blobs;
}
