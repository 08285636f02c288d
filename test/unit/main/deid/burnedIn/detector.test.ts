// The burned-in text detector on the labelled set (test/support/burnedIn): Japanese and Latin
// names, IDs, dates and institutions from 8 px to 48 px, white and coloured, on real grey and
// colour images. A line counts as found only when every one of its ink pixels is masked. The
// same figures are printed by `npm run bench` (bench/burnedIn.bench.ts).
import { describe, expect, it } from 'vitest';
import { evaluateDetector, FONT_SIZES } from '../../../../support/burnedIn/evaluateDetector.js';

describe('burned-in text detector on the labelled set', () => {
  it('masks at least 98% of the lines of text 8 px and larger whole, and little else', async () => {
    const figures = await evaluateDetector(2);
    expect(figures.lines).toBeGreaterThan(200);
    expect(figures.lineRecall, JSON.stringify(figures.missed)).toBeGreaterThanOrEqual(0.98);
    expect(figures.inkRecall).toBeGreaterThanOrEqual(0.995);
    for (const size of FONT_SIZES)
      expect(figures.recallBySize[size], `${size} px`).toBeGreaterThanOrEqual(0.9);
    // Masked away from any planted text: a few per cent of the image at most.
    expect(figures.falseMaskShare).toBeLessThan(0.03);
    expect(figures.blankFalseMaskShare).toBeLessThan(0.05);
    // Images with no text are not held back for review.
    expect(figures.blankHeldBack).toBe(0);
  });
});
