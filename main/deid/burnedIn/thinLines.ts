/**
 * Takes long thin lines out of the contrast map before blobs are found: a ruler, a frame line
 * or the edge of a sector that text touches would otherwise join the text into one blob far
 * taller (or wider) than any line of text, and that blob is not text. A pixel is on a thin
 * vertical line when the pixels `SIDE` to its left and right do not stand out; a run of such
 * pixels longer than `length` is cleared (horizontal lines likewise). Text is never thin in both
 * neighbours for that long: its rows and columns are broken by the gaps between glyphs.
 */
const SIDE = 3;

export function clearThinLines(
  contrast: Uint8Array,
  width: number,
  height: number,
  threshold: number,
  length: number,
): void {
  const thin = (at: number, step: number, index: number, size: number): boolean =>
    contrast[at]! >= threshold &&
    (index - SIDE < 0 || contrast[at - SIDE * step]! < threshold) &&
    (index + SIDE >= size || contrast[at + SIDE * step]! < threshold);
  const vertical = new Uint8Array(contrast.length);
  const horizontal = new Uint8Array(contrast.length);
  // Columns: runs of pixels thin across (left/right).
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const on = y < height && thin(y * width + x, 1, x, width);
      if (on && start < 0) start = y;
      if (!on && start >= 0) {
        if (y - start > length) for (let k = start; k < y; k++) vertical[k * width + x] = 1;
        start = -1;
      }
    }
  }
  // Rows: runs of pixels thin up and down.
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && thin(y * width + x, width, y, height);
      if (on && start < 0) start = x;
      if (!on && start >= 0) {
        if (x - start > length) horizontal.fill(1, y * width + start, y * width + x);
        start = -1;
      }
    }
  }
  for (let i = 0; i < contrast.length; i++) if (vertical[i] || horizontal[i]) contrast[i] = 0;
}
