/** Shape of the lumen around one inscribed ball, from the rays cast to the wall. */
export interface DomeFeatures {
  /** Fraction of rays meeting the wall within 1.3 inscribed radii. */
  closedNear: number;
  /** Fraction of rays meeting the wall within 1.5 inscribed radii. */
  closedFar: number;
  /** Fraction of rays open both ways (a lumen running through the ball). */
  through: number;
  /** Length of the mean open-ray direction: near 1 when every open ray leaves through one neck. */
  neckFocus: number;
}

/**
 * Dome score: closed fractions − through fraction (2 for a perfect ball) + 0.7 × neck focus.
 * The weight of the neck focus was chosen on the tuning phantom set (seeds 20000–20059 of
 * platform/phantom/variedPhantom.ts), where it separated sacs from loops, bifurcations and
 * vessel stumps at flow gaps better than the closed fractions alone.
 */
export function domeScore(f: DomeFeatures): number {
  return f.closedNear + f.closedFar - f.through + 0.7 * f.neckFocus;
}

/**
 * Probability that a reported candidate is a true aneurysm: a logistic (Platt) fit of the dome
 * score to the candidates' truth on the tuning set, so that of findings at 80 % about 80 % are
 * true there; bench/aneurysm.bench.ts checks this on the validation set, which was not used.
 * Capped at CONFIDENCE_CEILING: the tuning set's most confident bin was 74 of 76 true, whose
 * Laplace estimate (74 + 1) / (76 + 2) is 0.96; a score cannot show more certainty than that.
 */
export function domeConfidence(f: DomeFeatures): number {
  const p = 1 / (1 + Math.exp(-(domeScore(f) - PLATT_CENTRE) / PLATT_WIDTH));
  return Math.min(CONFIDENCE_CEILING, p);
}
const PLATT_CENTRE = 2.009;
const PLATT_WIDTH = 0.103;
export const CONFIDENCE_CEILING = 0.96;

/**
 * Lowest confidence reported. At 0.25 the tuning set had 0.26 false positives per case at
 * sensitivity 0.90; lower candidates are kept only for a FROC curve (minimumConfidence).
 */
export const REPORTING_CONFIDENCE = 0.25;
