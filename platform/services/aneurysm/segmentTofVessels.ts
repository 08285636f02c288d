import { keepLargeComponents, type ScalarVolume } from '../../volume/index.js';

/** Flowing blood is at least twice as bright as stationary tissue in TOF (inflow enhancement). */
export const VESSEL_TO_TISSUE = 2.0;
const BLOCK_MM = 8;

/**
 * Segments the bright arteries of a TOF angiogram. Coil sensitivity makes tissue brighter in one
 * part of the head than another, so a single threshold would take tissue for vessel on one side
 * and miss vessels on the other. The tissue level is therefore estimated per block of about
 * 8 mm (mean of voxels near the global tissue level, which leaves vessels and air out), smoothed,
 * and interpolated trilinearly; a voxel is vessel when it is VESSEL_TO_TISSUE times its local
 * tissue level. Specks smaller than `minimumMm3` are dropped.
 */
export interface TofVessels {
  mask: Uint8Array;
  /** Global stationary-tissue level. */
  tissueLevel: number;
  /** Local stationary-tissue level at a voxel (block estimate, nearest block). */
  tissueAt(i: number, j: number, k: number): number;
}

export function segmentTofVessels(volume: ScalarVolume, minimumMm3 = 15): TofVessels {
  const [nx, ny, nz] = volume.dimensions;
  const data = volume.data;
  const plane = nx * ny;

  // Global tissue level: median of the bright half of a sparse sample (air is dark, vessels rare).
  const sample: number[] = [];
  let sum = 0;
  for (let v = 0; v < data.length; v += 97) sum += data[v]!;
  const mean = sum / Math.ceil(data.length / 97);
  for (let v = 0; v < data.length; v += 97) if (data[v]! > 0.5 * mean) sample.push(data[v]!);
  sample.sort((a, b) => a - b);
  const tissue = sample[Math.floor(sample.length / 2)] ?? mean;

  const bx = Math.max(2, Math.round(BLOCK_MM / volume.spacing[0]));
  const by = Math.max(2, Math.round(BLOCK_MM / volume.spacing[1]));
  const bz = Math.max(2, Math.round(BLOCK_MM / volume.spacing[2]));
  const gx = Math.ceil(nx / bx);
  const gy = Math.ceil(ny / by);
  const gz = Math.ceil(nz / bz);
  const blockSum = new Float64Array(gx * gy * gz);
  const blockCount = new Float64Array(gx * gy * gz);
  const low = 0.5 * tissue;
  const high = 1.6 * tissue;
  const blockOfColumn = Int32Array.from({ length: nx }, (_, i) => Math.floor(i / bx));
  for (let k = 0; k < nz; k++) {
    const gk = Math.floor(k / bz) * gx * gy;
    for (let j = 0; j < ny; j++) {
      const gj = gk + Math.floor(j / by) * gx;
      const base = k * plane + j * nx;
      for (let i = 0; i < nx; i++) {
        const value = data[base + i]!;
        if (value > low && value < high) {
          const g = gj + blockOfColumn[i]!;
          blockSum[g] = blockSum[g]! + value;
          blockCount[g] = blockCount[g]! + 1;
        }
      }
    }
  }
  // Smooth over 3x3x3 blocks; blocks without tissue take the global level.
  const level = new Float32Array(gx * gy * gz);
  const minimumCount = 0.2 * bx * by * bz;
  for (let k = 0; k < gz; k++) {
    for (let j = 0; j < gy; j++) {
      for (let i = 0; i < gx; i++) {
        let s = 0;
        let c = 0;
        for (let dk = -1; dk <= 1; dk++) {
          for (let dj = -1; dj <= 1; dj++) {
            for (let di = -1; di <= 1; di++) {
              const ii = i + di;
              const jj = j + dj;
              const kk = k + dk;
              if (ii < 0 || jj < 0 || kk < 0 || ii >= gx || jj >= gy || kk >= gz) continue;
              const g = (kk * gy + jj) * gx + ii;
              if (blockCount[g]! < minimumCount) continue;
              s += blockSum[g]!;
              c += blockCount[g]!;
            }
          }
        }
        level[(k * gy + j) * gx + i] = c > 0 ? s / c : tissue;
      }
    }
  }

  // Threshold: only voxels above the lowest possible cut need the interpolated level.
  let minimumLevel = Infinity;
  for (const l of level) minimumLevel = Math.min(minimumLevel, l);
  const prefilter = VESSEL_TO_TISSUE * minimumLevel;
  const mask = new Uint8Array(data.length);
  const at = (i: number, j: number, k: number): number => level[(k * gy + j) * gx + i]!;
  for (let k = 0; k < nz; k++) {
    const fk = Math.min(gz - 1, Math.max(0, (k + 0.5) / bz - 0.5));
    const k0 = Math.floor(fk);
    const k1 = Math.min(gz - 1, k0 + 1);
    const wk = fk - k0;
    for (let j = 0; j < ny; j++) {
      const base = k * plane + j * nx;
      let fj = -1;
      for (let i = 0; i < nx; i++) {
        const value = data[base + i]!;
        if (value <= prefilter) continue;
        if (fj < 0) fj = Math.min(gy - 1, Math.max(0, (j + 0.5) / by - 0.5));
        const j0 = Math.floor(fj);
        const j1 = Math.min(gy - 1, j0 + 1);
        const wj = fj - j0;
        const fi = Math.min(gx - 1, Math.max(0, (i + 0.5) / bx - 0.5));
        const i0 = Math.floor(fi);
        const i1 = Math.min(gx - 1, i0 + 1);
        const wi = fi - i0;
        const c00 = at(i0, j0, k0) * (1 - wi) + at(i1, j0, k0) * wi;
        const c10 = at(i0, j1, k0) * (1 - wi) + at(i1, j1, k0) * wi;
        const c01 = at(i0, j0, k1) * (1 - wi) + at(i1, j0, k1) * wi;
        const c11 = at(i0, j1, k1) * (1 - wi) + at(i1, j1, k1) * wi;
        const local = (c00 * (1 - wj) + c10 * wj) * (1 - wk) + (c01 * (1 - wj) + c11 * wj) * wk;
        if (value > VESSEL_TO_TISSUE * local) mask[base + i] = 1;
      }
    }
  }
  const voxelMm3 = volume.spacing[0] * volume.spacing[1] * volume.spacing[2];
  keepLargeComponents(mask, volume.dimensions, Math.ceil(minimumMm3 / voxelMm3));
  const tissueAt = (i: number, j: number, k: number): number =>
    at(
      Math.min(gx - 1, Math.floor(i / bx)),
      Math.min(gy - 1, Math.floor(j / by)),
      Math.min(gz - 1, Math.floor(k / bz)),
    );
  return { mask, tissueLevel: tissue, tissueAt };
}
