import { otsuThreshold } from '@mitate/otsu-threshold';

/**
 * Defacing of a head volume (Clean Recognizable Visual Features Option, PS3.15 E.3.2; MHLW
 * guidance for 3D head images), after the "quickshear" method (Schimke & Hale, 2011): estimate
 * the brain, take the edge of the brain's convex hull (seen from the side) that faces the front
 * and bottom of the head, move it a margin away from the brain, and blank every voxel beyond it:
 * eyes, nose, mouth and chin go, while no voxel of the brain can be touched, by construction.
 *
 * The volume is indexed [slice][row][column]; `positionOf` maps an index to patient coordinates
 * (PS3.3 C.7.6.2.1.1, LPS: +x left, +y posterior, +z superior).
 */

export interface HeadVolume {
  slices: number;
  rows: number;
  columns: number;
  /** Voxel values, slice-major: stored values for MR, Hounsfield units for CT (rescaled). */
  values: Float32Array;
  modality: 'MR' | 'CT';
  /** Patient position (mm) of voxel (slice, row, column). */
  positionOf(slice: number, row: number, column: number): [number, number, number];
  /** Mean voxel size in mm, for morphology radii. */
  voxelMm: number;
}

export interface DefaceResult {
  /** 1 = blank, per voxel, slice-major like `values`. */
  faceMask: Uint8Array;
  /** The brain estimate the cut keeps clear of. */
  brainMask: Uint8Array;
  /** The head (foreground) mask. */
  headMask: Uint8Array;
  /** The cutting plane in the sagittal (y, z) plane: voxels with n·(y,z) > offset are blanked. */
  plane: { normal: [number, number]; offset: number };
  /** Head voxels (not air) beyond the cut. */
  voxelsRemoved: number;
}

/**
 * Erosion (or dilation) with a cube of half-width `radius`, done as three separable passes. Each
 * pass slides a window along every line and keeps a count of set voxels in it, so the cost does
 * not grow with the radius (12 voxels for 6 mm at 0.5 mm: a 512x512x160 head in about a second).
 * Outside the volume counts as unset, so erosion clears a border `radius` wide.
 */
function morph(mask: Uint8Array, volume: HeadVolume, radius: number, dilate: boolean): Uint8Array {
  const { slices, rows, columns } = volume;
  let current = mask;
  const strides = [rows * columns, columns, 1];
  const sizes = [slices, rows, columns];
  const full = 2 * radius + 1;
  for (let axis = 0; axis < 3; axis++) {
    const next = new Uint8Array(current.length);
    const stride = strides[axis]!;
    const size = sizes[axis]!;
    const block = stride * size;
    // The `stride` lines of a block are slid together, one window position at a time, each with
    // its own count: the inner loop then walks memory contiguously instead of jumping a whole
    // slice (or row) per step, which is what made the slice and row passes cache-bound. Every
    // mask given here is 0/1 (thresholds, components, earlier passes), so counts just add values.
    const counts = new Int32Array(stride);
    for (let blockStart = 0; blockStart < current.length; blockStart += block) {
      // Set voxels in the window [position - radius, position + radius] of each line.
      counts.fill(0);
      for (let step = 0; step <= Math.min(radius, size - 1); step++) {
        const offset = blockStart + step * stride;
        for (let line = 0; line < stride; line++) counts[line]! += current[offset + line]!;
      }
      for (let position = 0; position < size; position++) {
        const inside = position - radius >= 0 && position + radius < size;
        const out = blockStart + position * stride;
        if (dilate) {
          for (let line = 0; line < stride; line++) next[out + line] = counts[line]! > 0 ? 1 : 0;
        } else if (inside) {
          for (let line = 0; line < stride; line++)
            next[out + line] = counts[line] === full ? 1 : 0;
        }
        const entering = position + radius + 1;
        if (entering < size) {
          const offset = blockStart + entering * stride;
          for (let line = 0; line < stride; line++) counts[line]! += current[offset + line]!;
        }
        const leaving = position - radius;
        if (leaving >= 0) {
          const offset = blockStart + leaving * stride;
          for (let line = 0; line < stride; line++) counts[line]! -= current[offset + line]!;
        }
      }
    }
    current = next;
  }
  return current;
}

/** The largest 6-connected component of a mask. */
function largestComponent(mask: Uint8Array, volume: HeadVolume): Uint8Array {
  const { rows, columns } = volume;
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  let bestLabel = 0;
  let bestSize = 0;
  let label = 0;
  const plane = rows * columns;
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    label++;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = label;
    while (top > 0) {
      const index = stack[--top]!;
      size++;
      // Row and column come from the in-plane offset; the six neighbours are checked inline (an
      // array of them per voxel was most of the time on a 512x512x160 head).
      const inPlane = index % plane;
      const column = inPlane % columns;
      const row = (inPlane - column) / columns;
      if (column > 0 && mask[index - 1] && !labels[index - 1]) {
        labels[index - 1] = label;
        stack[top++] = index - 1;
      }
      if (column < columns - 1 && mask[index + 1] && !labels[index + 1]) {
        labels[index + 1] = label;
        stack[top++] = index + 1;
      }
      if (row > 0 && mask[index - columns] && !labels[index - columns]) {
        labels[index - columns] = label;
        stack[top++] = index - columns;
      }
      if (row < rows - 1 && mask[index + columns] && !labels[index + columns]) {
        labels[index + columns] = label;
        stack[top++] = index + columns;
      }
      if (index >= plane && mask[index - plane] && !labels[index - plane]) {
        labels[index - plane] = label;
        stack[top++] = index - plane;
      }
      if (index + plane < mask.length && mask[index + plane] && !labels[index + plane]) {
        labels[index + plane] = label;
        stack[top++] = index + plane;
      }
    }
    if (size > bestSize) {
      bestSize = size;
      bestLabel = label;
    }
  }
  const out = new Uint8Array(mask.length);
  if (bestLabel > 0)
    for (let index = 0; index < mask.length; index++)
      out[index] = labels[index] === bestLabel ? 1 : 0;
  return out;
}

/** Andrew's monotone chain convex hull of 2D points, counter-clockwise. */
function convexHull(points: [number, number][]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const point of sorted) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2]!, lower[lower.length - 1]!, point) <= 0
    )
      lower.pop();
    lower.push(point);
  }
  const upper: [number, number][] = [];
  for (const point of sorted.reverse()) {
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2]!, upper[upper.length - 1]!, point) <= 0
    )
      upper.pop();
    upper.push(point);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * Brain estimate: brain tissue (T1 MR: brighter than the head's own Otsu split; CT: 10-60 HU, the
 * brain window), cut loose from scalp, muscle and eyes by an erosion, the largest piece kept,
 * grown back.
 */
export function estimateBrain(volume: HeadVolume, headMask: Uint8Array): Uint8Array {
  const isTissue =
    volume.modality === 'CT'
      ? (value: number): boolean => value >= 10 && value <= 60
      : (
          (threshold: number) =>
          (value: number): boolean =>
            value > threshold
        )(otsuThreshold(volume.values, headMask));
  const bright = new Uint8Array(volume.values.length);
  for (let index = 0; index < bright.length; index++)
    bright[index] = headMask[index] && isTissue(volume.values[index]!) ? 1 : 0;
  const radius = Math.max(1, Math.round(6 / volume.voxelMm));
  const core = largestComponent(morph(bright, volume, radius, false), volume);
  const grown = morph(core, volume, radius + 1, true);
  for (let index = 0; index < grown.length; index++)
    grown[index] = grown[index]! & headMask[index]!;
  return grown;
}

/** The head: everything denser than air (CT: above -300 HU) or above half the Otsu split (MR), largest piece. */
export function headMaskOf(volume: HeadVolume): Uint8Array {
  const threshold = volume.modality === 'CT' ? -300 : otsuThreshold(volume.values) * 0.5;
  const mask = new Uint8Array(volume.values.length);
  for (let index = 0; index < mask.length; index++)
    mask[index] = volume.values[index]! > threshold ? 1 : 0;
  return largestComponent(mask, volume);
}

/** The plane and the mask of voxels to blank; the brain is never on the blanked side. */
export function defaceHead(volume: HeadVolume, marginMm = 6): DefaceResult {
  const headMask = headMaskOf(volume);
  const brainMask = estimateBrain(volume, headMask);
  const { slices, rows, columns } = volume;
  // The brain seen from the side: its (y, z) points, one per in-plane position.
  const seen = new Map<string, [number, number]>();
  for (let slice = 0; slice < slices; slice++) {
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        if (!brainMask[(slice * rows + row) * columns + column]) continue;
        const [, y, z] = volume.positionOf(slice, row, column);
        const key = `${Math.round(y)},${Math.round(z)}`;
        if (!seen.has(key)) seen.set(key, [y, z]);
      }
    }
  }
  const hull = convexHull([...seen.values()]);
  // Anterior is -y and inferior is -z in LPS. The face lies in front of and below the frontal
  // lobe: the hull edge whose outward normal is 30° below straight ahead runs from the frontal
  // pole's underside down past the orbits, so eyes, nose, mouth and chin fall beyond it.
  const facing: [number, number] = [-Math.cos(Math.PI / 6), -Math.sin(Math.PI / 6)];
  let best = { normal: [0, -1] as [number, number], offset: 0, score: -Infinity };
  for (let index = 0; index < hull.length; index++) {
    const a = hull[index]!;
    const b = hull[(index + 1) % hull.length]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length === 0) continue;
    // Counter-clockwise hull: the outward normal of edge a->b is (dy, -dx).
    const normal: [number, number] = [(b[1] - a[1]) / length, -(b[0] - a[0]) / length];
    const score = normal[0] * facing[0] + normal[1] * facing[1];
    if (score > best.score) best = { normal, offset: normal[0] * a[0] + normal[1] * a[1], score };
  }
  const offset = best.offset + marginMm;
  const faceMask = new Uint8Array(volume.values.length);
  let voxelsRemoved = 0;
  for (let slice = 0; slice < slices; slice++) {
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const [, y, z] = volume.positionOf(slice, row, column);
        if (best.normal[0] * y + best.normal[1] * z > offset) {
          const index = (slice * rows + row) * columns + column;
          faceMask[index] = 1;
          if (headMask[index]) voxelsRemoved++;
        }
      }
    }
  }
  return { faceMask, brainMask, headMask, plane: { normal: best.normal, offset }, voxelsRemoved };
}
