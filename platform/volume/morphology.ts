import { distanceInsideMask } from './distanceTransform.js';

/**
 * Binary morphology with a ball of radius `mm`, by thresholding exact distance transforms: the
 * erosion keeps voxels farther than `mm` from the background, the dilation adds voxels closer
 * than `mm` to the mask. Exact in mm on anisotropic grids, and linear in the voxel count.
 */
export function erode(
  mask: Uint8Array,
  dimensions: [number, number, number],
  spacing: [number, number, number],
  mm: number,
): Uint8Array {
  const distance = distanceInsideMask(mask, dimensions, spacing);
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) out[v] = distance[v]! > mm ? 1 : 0;
  return out;
}

export function dilate(
  mask: Uint8Array,
  dimensions: [number, number, number],
  spacing: [number, number, number],
  mm: number,
): Uint8Array {
  const outside = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) outside[v] = mask[v] === 0 ? 1 : 0;
  const distance = distanceInsideMask(outside, dimensions, spacing);
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) out[v] = mask[v] !== 0 || distance[v]! <= mm ? 1 : 0;
  return out;
}

/** Sets every background voxel that cannot reach the volume's border (6-connected) to 1. */
export function fillHoles(mask: Uint8Array, dimensions: [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dimensions;
  const plane = nx * ny;
  const reached = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  let tail = 0;
  const push = (index: number): void => {
    if (mask[index] === 0 && reached[index] === 0) {
      reached[index] = 1;
      queue[tail++] = index;
    }
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
          push(k * plane + j * nx + i);
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const index = queue[head]!;
    const k = Math.floor(index / plane);
    const j = Math.floor((index - k * plane) / nx);
    const i = index - k * plane - j * nx;
    if (i > 0) push(index - 1);
    if (i < nx - 1) push(index + 1);
    if (j > 0) push(index - nx);
    if (j < ny - 1) push(index + nx);
    if (k > 0) push(index - plane);
    if (k < nz - 1) push(index + plane);
  }
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < mask.length; v++) out[v] = reached[v] === 1 ? 0 : 1;
  return out;
}
