import { describe, expect, it } from 'vitest';
import { buildVariedPhantom, PHANTOM_SET_SEEDS } from '../../../phantom/variedPhantom.js';
import { detectAneurysms } from '../../../services/aneurysm/detectAneurysms.js';
import { CONFIDENCE_CEILING } from '../../../services/aneurysm/domeConfidence.js';

// Eight phantoms of the validation set that neither tuning nor the benchmark uses (the bench
// measures seeds +0..+39): other gain, coil bias, noise, voxel size, slab, calibre, tortuosity,
// loops and flow gaps than the tuning set. Deterministic by seed. The floor is below the
// benchmark's figures (sensitivity 0.92 at 0.3 false positives per case over 40 cases) because
// eight cases are few; the benchmark, not this test, measures the detector.
const SEEDS = Array.from({ length: 8 }, (_, n) => PHANTOM_SET_SEEDS.validation + 100 + n);

describe('aneurysm detection on unseen validation phantoms', () => {
  it('finds at least 80 % of the aneurysms with at most 0.75 false positives per case, confidences below the ceiling', () => {
    let aneurysms = 0;
    let found = 0;
    let falsePositives = 0;
    for (const seed of SEEDS) {
      const { geometry, voxels, truth } = buildVariedPhantom('validation', seed);
      const candidates = detectAneurysms({ ...geometry, data: Float32Array.from(voxels) });
      const near = (center: readonly number[], a: (typeof truth.aneurysms)[number]): boolean =>
        Math.hypot(
          center[0]! - a.center_mm[0],
          center[1]! - a.center_mm[1],
          center[2]! - a.center_mm[2],
        ) <=
        a.diameter_mm / 2 + 2;
      aneurysms += truth.aneurysms.length;
      found += truth.aneurysms.filter((a) => candidates.some((c) => near(c.center, a))).length;
      falsePositives += candidates.filter(
        (c) => !truth.aneurysms.some((a) => near(c.center, a)),
      ).length;
      for (const c of candidates) {
        expect(c.confidence).toBeGreaterThan(0);
        expect(c.confidence).toBeLessThanOrEqual(CONFIDENCE_CEILING);
      }
    }
    expect(aneurysms).toBeGreaterThanOrEqual(8);
    expect(found / aneurysms).toBeGreaterThanOrEqual(0.8);
    expect(falsePositives / SEEDS.length).toBeLessThanOrEqual(0.75);
  }, 300_000);
});
