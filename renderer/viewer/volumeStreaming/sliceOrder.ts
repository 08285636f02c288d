/**
 * The order a volume's slices are fetched in: the middle one first (the axial plane opens on it),
 * then every 8th slice from offsets 0, 4, 2, 6, 1, 5, 3, 7, so the sagittal and coronal planes
 * show the whole extent coarsely early and sharpen as the rest arrives.
 */

const PASS_OFFSETS = [0, 4, 2, 6, 1, 5, 3, 7];

/** The slice a volume opens on: the index cornerstone's retrieve stages give position 0.5. */
export function middleIndex(count: number): number {
  return Math.floor((count - 1) * 0.5);
}

/** Every index of a `count`-slice volume once, middle first, then the interleaved passes. */
export function middleOutOrder(count: number): number[] {
  const middle = middleIndex(count);
  const order = count > 0 ? [middle] : [];
  for (const offset of PASS_OFFSETS)
    for (let index = offset; index < count; index += PASS_OFFSETS.length)
      if (index !== middle) order.push(index);
  return order;
}

/** The passes as cornerstone's retrieve stages (`seriesVolume.ts`, for series cornerstone loads itself). */
export const PASS_COUNT = PASS_OFFSETS.length;
export const PASS_ORDER: readonly number[] = PASS_OFFSETS;
