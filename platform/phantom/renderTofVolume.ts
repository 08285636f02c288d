import type { ArterialTree } from './circleOfWillis.js';
import type { PlacedAneurysm } from './placeAneurysms.js';
import { SeededRandom } from './seededRandom.js';
import type { Vec3, VolumeGeometry } from '../volume/index.js';

/** Signal levels of a TOF acquisition, in stored values: stationary tissue is suppressed, inflow is bright. */
const TISSUE = 100;
const SCALP_FAT = 135;
const AIR = 3;
const ARTERY = 380;
const NOISE_SIGMA = 5;

/** How a scanner and protocol change the picture; the defaults are the original phantom's. */
export interface TofAppearance {
  /** Receiver gain: every stored value is multiplied by it. */
  intensityScale?: number;
  /** Rician noise sigma in units of the tissue level (100). */
  noiseSigma?: number;
  /** Coil-sensitivity variation across 70 mm (0.18 = ±18 %). */
  biasStrength?: number;
}

/**
 * Rasterizes the arterial tree and aneurysms into a TOF-like volume: partial-volume edges (each
 * voxel covered by the fraction of a lumen within half a voxel of its centre), a head with scalp
 * fat, smooth tissue texture, a multiplicative coil-sensitivity field and Rician noise (the
 * magnitude of complex Gaussian noise, as in MR magnitude images).
 * Geometry must be axis-aligned (identity orientation), which is how the phantom is written.
 */
export function renderTofVolume(
  geometry: VolumeGeometry,
  tree: ArterialTree,
  aneurysms: PlacedAneurysm[],
  seed: number,
  appearance: TofAppearance = {},
): Uint16Array {
  const gain = appearance.intensityScale ?? 1;
  const noiseSigma = appearance.noiseSigma ?? NOISE_SIGMA;
  const biasStrength = appearance.biasStrength ?? 0.18;
  const [nx, ny, nz] = geometry.dimensions;
  const [dx, dy, dz] = geometry.spacing;
  const [ox, oy, oz] = geometry.origin;
  const plane = nx * ny;
  const occupancy = new Float32Array(nx * ny * nz);
  const signal = new Float32Array(nx * ny * nz);
  const edge = Math.min(dx, dy, dz);

  const stamp = (i: number, j: number, k: number, cover: number, bright: number): void => {
    const index = k * plane + j * nx + i;
    if (cover > occupancy[index]!) occupancy[index] = cover;
    if (cover * bright > signal[index]!) signal[index] = cover * bright;
  };
  const box = (
    low: number,
    high: number,
    origin: number,
    step: number,
    n: number,
  ): [number, number] => [
    Math.max(0, Math.floor((low - origin) / step)),
    Math.min(n - 1, Math.ceil((high - origin) / step)),
  ];

  for (const vessel of tree.vessels) {
    for (let p = 0; p + 1 < vessel.points.length; p++) {
      const a = vessel.points[p]!;
      const b = vessel.points[p + 1]!;
      const ra = vessel.radii[p]!;
      const rb = vessel.radii[p + 1]!;
      const reach = Math.max(ra, rb) + edge;
      const [i0, i1] = box(Math.min(a[0], b[0]) - reach, Math.max(a[0], b[0]) + reach, ox, dx, nx);
      const [j0, j1] = box(Math.min(a[1], b[1]) - reach, Math.max(a[1], b[1]) + reach, oy, dy, ny);
      const [k0, k1] = box(Math.min(a[2], b[2]) - reach, Math.max(a[2], b[2]) + reach, oz, dz, nz);
      const ab: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const ab2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2] || 1;
      for (let k = k0; k <= k1; k++) {
        const z = oz + k * dz - a[2];
        for (let j = j0; j <= j1; j++) {
          const y = oy + j * dy - a[1];
          for (let i = i0; i <= i1; i++) {
            const x = ox + i * dx - a[0];
            let t = (x * ab[0] + y * ab[1] + z * ab[2]) / ab2;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            const ex = x - t * ab[0];
            const ey = y - t * ab[1];
            const ez = z - t * ab[2];
            const gap = Math.sqrt(ex * ex + ey * ey + ez * ez) - (ra + (rb - ra) * t);
            const cover = 0.5 - gap / edge;
            if (cover > 0) stamp(i, j, k, cover > 1 ? 1 : cover, vessel.brightness);
          }
        }
      }
    }
  }
  for (const aneurysm of aneurysms) {
    const r = aneurysm.diameter / 2;
    const c = aneurysm.center;
    const reach = r + edge;
    const [i0, i1] = box(c[0] - reach, c[0] + reach, ox, dx, nx);
    const [j0, j1] = box(c[1] - reach, c[1] + reach, oy, dy, ny);
    const [k0, k1] = box(c[2] - reach, c[2] + reach, oz, dz, nz);
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const gap = Math.hypot(ox + i * dx - c[0], oy + j * dy - c[1], oz + k * dz - c[2]) - r;
          const cover = 0.5 - gap / edge;
          if (cover > 0) stamp(i, j, k, cover > 1 ? 1 : cover, aneurysm.brightness);
        }
      }
    }
  }

  const random = new SeededRandom(seed * 7919 + 17);
  const smoothProfile = (n: number, origin: number, step: number): Float32Array => {
    const waves = [0, 1, 2].map(() => ({
      k: (2 * Math.PI) / random.range(15, 60),
      phase: random.range(0, 2 * Math.PI),
      amp: random.range(0.3, 1),
    }));
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++)
      out[i] =
        waves.reduce((s, w) => s + w.amp * Math.sin(w.k * (origin + i * step) + w.phase), 0) / 2;
    return out;
  };
  const tx = smoothProfile(nx, ox, dx);
  const ty = smoothProfile(ny, oy, dy);
  const tz = smoothProfile(nz, oz, dz);
  const gradient: Vec3 = [random.range(-1, 1), random.range(-1, 1), random.range(-1, 1)];
  const gradientScale = biasStrength / 70 / (Math.hypot(...gradient) || 1);
  const curvature = (random.range(-0.12, 0.12) * (biasStrength / 0.18)) / (80 * 80);
  const head = { c: [0, 8, 10] as Vec3, a: [72, 92, 85] as Vec3 };

  const out = new Uint16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    const z = oz + k * dz;
    const hz = (z - head.c[2]) / head.a[2];
    for (let j = 0; j < ny; j++) {
      const y = oy + j * dy;
      const hy = (y - head.c[1]) / head.a[1];
      for (let i = 0; i < nx; i++) {
        const x = ox + i * dx;
        const hx = (x - head.c[0]) / head.a[0];
        const h = Math.sqrt(hx * hx + hy * hy + hz * hz);
        let background: number;
        if (h > 1) background = AIR;
        else if (h > 0.93) background = SCALP_FAT;
        else
          background = TISSUE * (1 + 0.08 * (tx[i]! * ty[j]! + ty[j]! * tz[k]! + tz[k]! * tx[i]!));
        const index = k * plane + j * nx + i;
        const cover = occupancy[index]!;
        const bias =
          1 +
          gradientScale * (gradient[0] * x + gradient[1] * y + gradient[2] * z) +
          curvature * (x * x + y * y);
        const clean =
          (background * (1 - cover) + ARTERY * signal[index]!) * Math.max(0.2, bias) * gain;
        // Both noise channels from one Box–Muller draw (cosine and sine halves).
        const magnitude = noiseSigma * gain * Math.sqrt(-2 * Math.log(1 - random.next()));
        const angle = 2 * Math.PI * random.next();
        const real = clean + magnitude * Math.cos(angle);
        const imaginary = magnitude * Math.sin(angle);
        out[index] = Math.min(65535, Math.round(Math.sqrt(real * real + imaginary * imaginary)));
      }
    }
  }
  return out;
}
