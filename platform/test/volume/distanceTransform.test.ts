import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../phantom/seededRandom.js';
import { distanceInsideMask } from '../../volume/distanceTransform.js';
import { dilate, erode, fillHoles } from '../../volume/morphology.js';

describe('exact distance transform', () => {
  it('equals brute force on a random anisotropic mask', () => {
    const dimensions: [number, number, number] = [14, 11, 9];
    const spacing: [number, number, number] = [0.7, 0.5, 1.2];
    const random = new SeededRandom(7);
    const mask = new Uint8Array(14 * 11 * 9).map(() => (random.next() < 0.8 ? 1 : 0));
    const distance = distanceInsideMask(mask, dimensions, spacing);
    const [nx, ny, nz] = dimensions;
    let compared = 0;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const index = k * nx * ny + j * nx + i;
          let best = Infinity;
          if (mask[index] === 0) best = 0;
          else {
            for (let kk = 0; kk < nz; kk++)
              for (let jj = 0; jj < ny; jj++)
                for (let ii = 0; ii < nx; ii++)
                  if (mask[kk * nx * ny + jj * nx + ii] === 0)
                    best = Math.min(
                      best,
                      Math.hypot(
                        (ii - i) * spacing[0],
                        (jj - j) * spacing[1],
                        (kk - k) * spacing[2],
                      ),
                    );
          }
          expect(distance[index]).toBeCloseTo(best, 4);
          compared++;
        }
      }
    }
    expect(compared).toBe(mask.length);
  });

  it('erodes, dilates and fills a hollow ball by millimetres', () => {
    const n = 31;
    const dimensions: [number, number, number] = [n, n, n];
    const spacing: [number, number, number] = [1, 1, 1];
    const shell = new Uint8Array(n * n * n);
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const r = Math.hypot(i - 15, j - 15, k - 15);
          shell[k * n * n + j * n + i] = r <= 12 && r > 8 ? 1 : 0;
        }
    const count = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);
    const filled = fillHoles(shell, dimensions);
    expect(filled[15 * n * n + 15 * n + 15]).toBe(1);
    expect(Math.abs(count(filled) - (4 / 3) * Math.PI * 12 ** 3) / count(filled)).toBeLessThan(
      0.05,
    );
    // The shell is 4 mm thick: eroding by 2.5 mm leaves nothing; by 1 mm leaves a thinner shell.
    expect(count(erode(shell, dimensions, spacing, 2.5))).toBe(0);
    expect(count(erode(shell, dimensions, spacing, 1))).toBeLessThan(count(shell));
    expect(count(dilate(shell, dimensions, spacing, 1))).toBeGreaterThan(count(shell));
  });
});
