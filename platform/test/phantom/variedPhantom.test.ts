import { describe, expect, it } from 'vitest';
import {
  buildVariedPhantom,
  drawVariation,
  PHANTOM_SET_SEEDS,
  type Variation,
} from '../../phantom/variedPhantom.js';

const draws = (set: 'tuning' | 'validation'): Variation[] =>
  Array.from({ length: 300 }, (_, n) => drawVariation(set, PHANTOM_SET_SEEDS[set] + n));
const spread = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];

describe('varied phantom sets', () => {
  it('keep tuning and validation seeds apart', () => {
    expect(PHANTOM_SET_SEEDS.validation - PHANTOM_SET_SEEDS.tuning).toBeGreaterThanOrEqual(10_000);
  });

  it('vary the validation set more widely than the tuning set on every axis', () => {
    const tuning = draws('tuning');
    const validation = draws('validation');
    const axes: ((v: Variation) => number)[] = [
      (v) => v.intensityScale,
      (v) => v.noiseSigma,
      (v) => v.biasStrength,
      (v) => v.spacing[0],
      (v) => v.spacing[2] / v.spacing[0],
      (v) => v.size[2] * v.spacing[2],
      (v) => v.slabShiftMm,
      (v) => v.radiusScale,
      (v) => v.tortuosityMm,
      (v) => v.loops,
      (v) => v.flowGaps,
    ];
    for (const axis of axes) {
      const [tLow, tHigh] = spread(tuning.map(axis));
      const [vLow, vHigh] = spread(validation.map(axis));
      // Both sets start at zero on some axes (no meander, no loop): 300 draws reach it within 0.02.
      expect(vLow).toBeLessThanOrEqual(tLow + 0.02);
      expect(vHigh).toBeGreaterThanOrEqual(tHigh - 0.02);
      expect(vHigh - vLow).toBeGreaterThan(tHigh - tLow);
    }
  });

  it('build the same phantom from the same seed, with aneurysms of 3-10 mm inside the volume', () => {
    const a = buildVariedPhantom('validation', PHANTOM_SET_SEEDS.validation + 500);
    const b = buildVariedPhantom('validation', PHANTOM_SET_SEEDS.validation + 500);
    expect(Buffer.from(a.voxels.buffer).equals(Buffer.from(b.voxels.buffer))).toBe(true);
    expect(a.truth).toEqual(b.truth);
    for (const aneurysm of a.truth.aneurysms) {
      expect(aneurysm.diameter_mm).toBeGreaterThanOrEqual(3);
      expect(aneurysm.diameter_mm).toBeLessThanOrEqual(10);
    }
  }, 60_000);
});
