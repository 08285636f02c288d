import {
  distanceInsideMask,
  fibonacciDirections,
  type ScalarVolume,
  type Vec3,
  voxelToPatient,
} from '../../volume/index.js';
import {
  type DomeFeatures,
  domeConfidence,
  domeScore,
  REPORTING_CONFIDENCE,
} from './domeConfidence.js';
import { segmentTofVessels } from './segmentTofVessels.js';

/**
 * Saccular aneurysm candidates in a TOF angiogram.
 *
 * 1. Segment the arteries (segmentTofVessels).
 * 2. Distance transform inside them: at the centre of a lumen the distance to the wall is the
 *    lumen's radius; local maxima are the centres of the largest inscribed balls.
 * 3. From each such centre cast 160 rays to the half-maximum wall. A ray is "closed" when it
 *    meets the wall within 1.3 (or 1.5) radii. Inside a straight tube about 36 % of the rays
 *    run along the axis and stay open, in pairs of opposite directions ("through" rays); at a
 *    bifurcation or a vessel loop the open rays spread over three or more directions; inside a
 *    saccular dome nearly all rays are closed and the open ones leave through the neck only,
 *    in one direction, with no open opposite. The closed fractions, the through fraction and
 *    how focused the open rays are make the shape features (domeConfidence.ts).
 * 4. Candidates whose calibrated confidence passes are reported with centre, diameter, volume
 *    (the dome's voxels) and that confidence.
 * Every length is in mm (radii, reach, specks), never in voxels, so the voxel size and slice
 * thickness change the sampling, not the thresholds; intensities are only compared as ratios
 * to the local tissue level, so receiver gain and coil bias cancel.
 */
export interface AneurysmCandidate {
  /** Voxel indices (i, j, k) of the dome centre. */
  voxel: [number, number, number];
  center: Vec3;
  radius: number;
  /** Closed fraction within 1.3 radii + within 1.5 radii − through fraction: 2 for a perfect ball. */
  sphericity: number;
  features: DomeFeatures;
  /** Calibrated probability that this is a true aneurysm (see domeConfidence). */
  confidence: number;
  diameter: number;
  volumeMm3: number;
  /** Voxel indices of the dome, for the SEG. */
  voxels: Int32Array;
}

export interface DetectionOptions {
  /** Smallest dome radius reported, mm (a 3 mm aneurysm has 1.5). */
  minimumRadius?: number;
  /** Keep every local maximum with its features (for tuning), not only those that pass. */
  keepAll?: boolean;
  /** Lowest confidence reported; by default REPORTING_CONFIDENCE. Lower for a FROC curve. */
  minimumConfidence?: number;
}

const RAYS = fibonacciDirections(160);
const CLOSED_WITHIN = 1.3;

export function detectAneurysms(
  volume: ScalarVolume,
  options: DetectionOptions = {},
): AneurysmCandidate[] {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacing;
  const plane = nx * ny;
  const vessels = segmentTofVessels(volume);
  const mask = vessels.mask;
  const distance = distanceInsideMask(mask, volume.dimensions, volume.spacing);
  // The wall lies about half a voxel beyond the last vessel voxel centre.
  const halfVoxel = (sx + sy + sz) / 6;
  const minimumRadius = options.minimumRadius ?? 1.3;
  const minimumConfidence = options.minimumConfidence ?? REPORTING_CONFIDENCE;
  // Candidate balls may look a little smaller in the mask than at the half-maximum wall.
  const minimumDistance = minimumRadius - 2 * halfVoxel;

  // 2. Local maxima of the distance map (26-neighbourhood), largest first.
  const maxima: number[] = [];
  for (let k = 1; k < nz - 1; k++) {
    for (let j = 1; j < ny - 1; j++) {
      const base = k * plane + j * nx;
      for (let i = 1; i < nx - 1; i++) {
        const index = base + i;
        const value = distance[index]!;
        if (value < minimumDistance) continue;
        let isMaximum = true;
        for (let dk = -1; dk <= 1 && isMaximum; dk++) {
          for (let dj = -1; dj <= 1 && isMaximum; dj++) {
            for (let di = -1; di <= 1; di++) {
              if (distance[index + dk * plane + dj * nx + di]! > value) {
                isMaximum = false;
                break;
              }
            }
          }
        }
        if (isMaximum) maxima.push(index);
      }
    }
  }
  maxima.sort((a, b) => distance[b]! - distance[a]!);

  // Plateaus along a tube give many maxima: keep one per inscribed ball.
  const kept: { index: number; i: number; j: number; k: number; radius: number }[] = [];
  for (const index of maxima) {
    const k = Math.floor(index / plane);
    const j = Math.floor((index - k * plane) / nx);
    const i = index - k * plane - j * nx;
    const radius = distance[index]! + halfVoxel;
    const near = kept.some(
      (o) =>
        Math.hypot((o.i - i) * sx, (o.j - j) * sy, (o.k - k) * sz) < Math.max(o.radius, radius),
    );
    if (!near) kept.push({ index, i, j, k, radius });
  }

  // 3. Rays from each ball centre, to the half-maximum wall (between lumen and tissue signal),
  // sampled with trilinear interpolation so that the wall is found between voxel centres.
  const candidates: AneurysmCandidate[] = [];
  const exits = new Float64Array(RAYS.vectors.length);
  const step = Math.min(sx, sy, sz) / 3;
  const data = volume.data;
  const sample = (fi: number, fj: number, fk: number): number => {
    const i0 = Math.floor(fi);
    const j0 = Math.floor(fj);
    const k0 = Math.floor(fk);
    if (i0 < 0 || j0 < 0 || k0 < 0 || i0 + 1 >= nx || j0 + 1 >= ny || k0 + 1 >= nz) return NaN;
    const wi = fi - i0;
    const wj = fj - j0;
    const wk = fk - k0;
    const b = k0 * plane + j0 * nx + i0;
    const c00 = data[b]! + (data[b + 1]! - data[b]!) * wi;
    const c10 = data[b + nx]! + (data[b + nx + 1]! - data[b + nx]!) * wi;
    const c01 = data[b + plane]! + (data[b + plane + 1]! - data[b + plane]!) * wi;
    const c11 = data[b + plane + nx]! + (data[b + plane + nx + 1]! - data[b + plane + nx]!) * wi;
    const c0 = c00 + (c10 - c00) * wj;
    const c1 = c01 + (c11 - c01) * wj;
    return c0 + (c1 - c0) * wk;
  };
  for (const ball of kept) {
    const lumen = data[ball.index]!;
    const wall = (lumen + vessels.tissueAt(ball.i, ball.j, ball.k)) / 2;
    const maxReach = 2.5 * ball.radius + 1;
    for (let r = 0; r < RAYS.vectors.length; r++) {
      const u = RAYS.vectors[r]!;
      exits[r] = Infinity;
      for (let t = step; t <= maxReach; t += step) {
        const value = sample(
          ball.i + (t * u[0]) / sx,
          ball.j + (t * u[1]) / sy,
          ball.k + (t * u[2]) / sz,
        );
        // Leaving the image counts as open: a vessel cut by the slab edge is not a dome.
        if (Number.isNaN(value)) break;
        if (value < wall) {
          exits[r] = t - step / 2;
          break;
        }
      }
    }
    // Inscribed radius: the lower quartile of wall distances (a tube's is within 4 % of its radius).
    const sorted = Float64Array.from(exits).sort();
    const radius = sorted[Math.floor(sorted.length / 4)]!;
    if (!(radius >= minimumRadius) || radius === Infinity) continue;
    const closedWithin = (factor: number): number =>
      exits.reduce((n, e) => (e <= factor * radius ? n + 1 : n), 0) / exits.length;
    const through =
      exits.reduce(
        (n, e, r) =>
          e > CLOSED_WITHIN * radius && exits[RAYS.antipodes[r]!]! > CLOSED_WITHIN * radius
            ? n + 1
            : n,
        0,
      ) / exits.length;
    const sphericity = closedWithin(CLOSED_WITHIN) + closedWithin(1.5) - through;
    // Where the open rays point: through one neck (a sac) they point one way; along a tube they
    // cancel in opposite pairs; at a bifurcation or a loop they spread over three or more ways.
    const openSum: [number, number, number] = [0, 0, 0];
    let open = 0;
    exits.forEach((e, r) => {
      if (e <= 1.5 * radius) return;
      const u = RAYS.vectors[r]!;
      openSum[0] += u[0];
      openSum[1] += u[1];
      openSum[2] += u[2];
      open++;
    });
    const features: DomeFeatures = {
      closedNear: closedWithin(CLOSED_WITHIN),
      closedFar: closedWithin(1.5),
      through,
      neckFocus: open === 0 ? 1 : Math.hypot(...openSum) / open,
    };
    const confidence = domeConfidence(features);
    if (!options.keepAll && confidence < minimumConfidence) continue;
    const dome = domeVoxels(mask, volume, ball.i, ball.j, ball.k, radius + halfVoxel);
    candidates.push({
      voxel: [ball.i, ball.j, ball.k],
      center: voxelToPatient(volume, ball.i, ball.j, ball.k),
      radius,
      sphericity,
      features,
      confidence,
      diameter: 2 * closedMedian(exits, CLOSED_WITHIN * radius),
      volumeMm3: dome.length * sx * sy * sz,
      voxels: dome,
    });
  }
  // One report per dome: a large dome can hold two inscribed-ball centres.
  candidates.sort((a, b) => domeScore(b.features) - domeScore(a.features));
  const reported: AneurysmCandidate[] = [];
  for (const candidate of candidates) {
    const duplicate = reported.some(
      (r) =>
        Math.hypot(...([0, 1, 2] as const).map((a) => r.center[a] - candidate.center[a])) <
        Math.max(r.radius, candidate.radius) + 1,
    );
    if (!duplicate || options.keepAll) reported.push(candidate);
  }
  return reported;
}

/** Median wall distance over the rays that meet the wall within `limit` (the dome's own wall). */
function closedMedian(exits: Float64Array, limit: number): number {
  const closed = Array.from(exits)
    .filter((e) => e <= limit)
    .sort((a, b) => a - b);
  return closed[Math.floor(closed.length / 2)] ?? limit;
}

/** Vessel voxels within `radius` mm of the dome centre. */
function domeVoxels(
  mask: Uint8Array,
  volume: ScalarVolume,
  ci: number,
  cj: number,
  ck: number,
  radius: number,
): Int32Array {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacing;
  const out: number[] = [];
  const ri = Math.ceil(radius / sx);
  const rj = Math.ceil(radius / sy);
  const rk = Math.ceil(radius / sz);
  for (let k = Math.max(0, ck - rk); k <= Math.min(nz - 1, ck + rk); k++) {
    for (let j = Math.max(0, cj - rj); j <= Math.min(ny - 1, cj + rj); j++) {
      for (let i = Math.max(0, ci - ri); i <= Math.min(nx - 1, ci + ri); i++) {
        const index = k * nx * ny + j * nx + i;
        if (mask[index] === 0) continue;
        if (Math.hypot((i - ci) * sx, (j - cj) * sy, (k - ck) * sz) <= radius) out.push(index);
      }
    }
  }
  return Int32Array.from(out);
}
