import { expect } from '@playwright/test';
import { hueDistance, saturation, type ScreenRgb } from '../support/screenColour.js';
import type { Segmentation } from '../support/segmentationFrames.js';

/** Checks of a SEG's overlay on the review's screen against the SEG's own frames. */

/** Depth (pixels) of a square around (column, row) that stays inside a mask. */
function depthInside(
  mask: Uint8Array,
  columns: number,
  rows: number,
  column: number,
  row: number,
  limit: number,
): number {
  for (let r = 1; r <= limit; r++) {
    for (let d = -r; d <= r; d++) {
      for (const [c, w] of [
        [column + d, row - r],
        [column + d, row + r],
        [column - r, row + d],
        [column + r, row + d],
      ] as const) {
        if (c < 0 || w < 0 || c >= columns || w >= rows || mask[w * columns + c] !== 1)
          return r - 1;
      }
    }
  }
  return limit;
}

/** The pixel of a mask deepest inside it (every `step` pixels, depth up to `limit`). */
export function deepestIn(
  mask: Uint8Array,
  columns: number,
  rows: number,
  step: number,
  limit: number,
): { column: number; row: number; depth: number } {
  let best = { column: 0, row: 0, depth: -1 };
  for (let row = 0; row < rows; row += step) {
    for (let column = 0; column < columns; column += step) {
      if (mask[row * columns + column] !== 1) continue;
      const depth = depthInside(mask, columns, rows, column, row, limit);
      if (depth > best.depth) best = { column, row, depth };
    }
  }
  return best;
}

/**
 * Checks one slice of the annotated viewport against the SEG frames made from its image: where a
 * segment is shown (the highest segment number wins where they overlap, as the app draws them),
 * deep inside it, the CT is tinted with that segment's own colour; far from every segment, the
 * annotated image is the original. Returns the segments checked.
 */
export async function checkSegmentsOnSlice(
  seg: Segmentation,
  sopInstanceUid: string,
  annotated: ScreenRgb,
  original: ScreenRgb,
  toScreen: (column: number, row: number) => [number, number],
): Promise<number[]> {
  const { rows, columns } = seg;
  const onSlice = seg.frames.filter((frame) => frame.sourceSopInstanceUid === sopInstanceUid);
  const shownLabel = new Uint8Array(rows * columns);
  for (const frame of onSlice)
    for (let i = 0; i < shownLabel.length; i++)
      if (frame.mask[i] === 1 && frame.segmentNumber > shownLabel[i]!)
        shownLabel[i] = frame.segmentNumber;
  const tints: [number, number, number][] = [];
  const checked: number[] = [];
  for (const segmentNumber of new Set(onSlice.map((frame) => frame.segmentNumber))) {
    const mask = Uint8Array.from(shownLabel, (label) => (label === segmentNumber ? 1 : 0));
    const best = deepestIn(mask, columns, rows, 2, 12);
    // A segment only a line or two wide here has no inside to look at past its outline.
    if (best.depth < 6) continue;
    const [x, y] = toScreen(best.column + 0.5, best.row + 0.5);
    const tint = annotated.at(x, y);
    const grey = original.at(x, y);
    expect(saturation(grey), 'the original stays grey').toBeLessThan(6);
    // The fill blends the segment's colour over the CT: the annotated pixel leaves the original's grey.
    expect(
      saturation(tint),
      `segment ${segmentNumber} at ${best.column},${best.row}: ${tint.join(',')} over ${grey.join(',')}`,
    ).toBeGreaterThan(12);
    tints.push(tint.map((value, c) => value - grey[c]!) as [number, number, number]);
    checked.push(segmentNumber);
  }
  // Different segments, different colours (each its own Recommended Display CIELab).
  for (let i = 1; i < tints.length; i++)
    expect(hueDistance(tints[i]!, tints[0]!), `segments ${checked.join(',')}`).toBeGreaterThan(
      0.15,
    );
  let far = { column: 0, row: 0, depth: -1 };
  const empty = Uint8Array.from(shownLabel, (label) => (label === 0 ? 1 : 0));
  for (let row = 40; row < rows - 40; row += 8) {
    for (let column = 40; column < columns - 40; column += 8) {
      const depth = depthInside(empty, columns, rows, column, row, 20);
      if (depth > far.depth) far = { column, row, depth };
    }
  }
  expect(far.depth).toBeGreaterThanOrEqual(10);
  const [fx, fy] = toScreen(far.column + 0.5, far.row + 0.5);
  expect(annotated.at(fx, fy), `no segment at ${far.column},${far.row}`).toEqual(
    original.at(fx, fy),
  );
  return checked;
}

/** The union of a SEG's frames made from one image: 1 where any segment is. */
export function unionOnSlice(seg: Segmentation, sopInstanceUid: string): Uint8Array {
  const union = new Uint8Array(seg.rows * seg.columns);
  for (const frame of seg.frames)
    if (frame.sourceSopInstanceUid === sopInstanceUid)
      frame.mask.forEach((bit, i) => (union[i] ||= bit));
  return union;
}

/** The pixel deepest inside `inside` and outside `outside` (a few pixels from any edge, so outlines do not count). */
export function deepestOnlyIn(
  inside: Uint8Array,
  outside: Uint8Array,
  columns: number,
  rows: number,
): { column: number; row: number; depth: number } {
  return deepestIn(
    Uint8Array.from(inside, (bit, i) => (bit === 1 && outside[i] !== 1 ? 1 : 0)),
    columns,
    rows,
    4,
    10,
  );
}
