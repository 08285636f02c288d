/**
 * Grey-level morphology on 8-bit planes: square max filters (van Herk / Gil-Werman, three
 * comparisons a pixel whatever the window; a min filter is the max filter of the negative) and
 * the local contrast they give. A burned-in glyph's stroke is narrower than the window, so an
 * opening (bright text) or a closing (dark text) wipes it out, and the difference (top-hat,
 * black-hat) is the glyph against its own background, while anatomy wider than the window cancels.
 */

/** Max over 2r+1 pixels along each row; edges repeat the border value. */
function maxAlongRows(
  source: Uint8Array,
  target: Uint8Array,
  width: number,
  height: number,
  radius: number,
): void {
  const window = 2 * radius + 1;
  const blocks = Math.ceil((width + 2 * radius) / window) * window;
  const line = new Uint8Array(blocks);
  const forward = new Uint8Array(blocks);
  const backward = new Uint8Array(blocks);
  for (let row = 0; row < height; row++) {
    const base = row * width;
    const first = source[base]!;
    const last = source[base + width - 1]!;
    line.fill(first, 0, radius);
    line.set(source.subarray(base, base + width), radius);
    line.fill(last, radius + width);
    for (let start = 0; start < blocks; start += window) {
      let running = line[start]!;
      forward[start] = running;
      for (let i = start + 1; i < start + window; i++) {
        const value = line[i]!;
        if (value > running) running = value;
        forward[i] = running;
      }
      const end = start + window - 1;
      running = line[end]!;
      backward[end] = running;
      for (let i = end - 1; i >= start; i--) {
        const value = line[i]!;
        if (value > running) running = value;
        backward[i] = running;
      }
    }
    for (let i = 0; i < width; i++) {
      const a = backward[i]!;
      const b = forward[i + window - 1]!;
      target[base + i] = a > b ? a : b;
    }
  }
}

/** Max over 2r+1 rows, a whole row at a time (the column pass stays in cache order). */
function maxAlongColumns(
  source: Uint8Array,
  target: Uint8Array,
  width: number,
  height: number,
  radius: number,
): void {
  const window = 2 * radius + 1;
  const blocks = Math.ceil((height + 2 * radius) / window) * window;
  const rowOf = (padded: number): number =>
    Math.min(height - 1, Math.max(0, padded - radius)) * width;
  const forward = new Uint8Array(blocks * width);
  const backward = new Uint8Array(blocks * width);
  for (let start = 0; start < blocks; start += window) {
    forward.set(source.subarray(rowOf(start), rowOf(start) + width), start * width);
    for (let i = start + 1; i < start + window; i++) {
      const from = rowOf(i);
      const at = i * width;
      const previous = at - width;
      for (let x = 0; x < width; x++) {
        const value = source[from + x]!;
        const before = forward[previous + x]!;
        forward[at + x] = value > before ? value : before;
      }
    }
    const end = start + window - 1;
    backward.set(source.subarray(rowOf(end), rowOf(end) + width), end * width);
    for (let i = end - 1; i >= start; i--) {
      const from = rowOf(i);
      const at = i * width;
      const next = at + width;
      for (let x = 0; x < width; x++) {
        const value = source[from + x]!;
        const after = backward[next + x]!;
        backward[at + x] = value > after ? value : after;
      }
    }
  }
  for (let row = 0; row < height; row++) {
    const a = row * width;
    const b = (row + window - 1) * width;
    const out = row * width;
    for (let x = 0; x < width; x++) {
      const p = backward[a + x]!;
      const q = forward[b + x]!;
      target[out + x] = p > q ? p : q;
    }
  }
}

/** Square max filter (dilation) of side 2r+1. */
export function dilate(
  plane: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Uint8Array {
  const across = new Uint8Array(plane.length);
  const out = new Uint8Array(plane.length);
  maxAlongRows(plane, across, width, height, radius);
  maxAlongColumns(across, out, width, height, radius);
  return out;
}

function negative(plane: Uint8Array): Uint8Array {
  const out = new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) out[i] = 255 - plane[i]!;
  return out;
}

/**
 * max(top-hat, black-hat) of a plane: how far each pixel stands out of the structures around it
 * that are wider than the window, whether it is brighter (white text) or darker (black text).
 * Folded into `into` by maximum, so the planes of a colour image add up to one map.
 */
export function localContrast(
  plane: Uint8Array,
  width: number,
  height: number,
  radius: number,
  into: Uint8Array,
): void {
  const inverse = negative(plane);
  // opening = dilate(erode(I)); erode(I) = 255 - dilate(255 - I)
  const opened = dilate(negative(dilate(inverse, width, height, radius)), width, height, radius);
  // 255 - closing = dilate(erode(255 - I)) = dilate(255 - dilate(I))
  const closedInverse = dilate(
    negative(dilate(plane, width, height, radius)),
    width,
    height,
    radius,
  );
  for (let i = 0; i < plane.length; i++) {
    const value = plane[i]!;
    const top = value - opened[i]!;
    const black = 255 - closedInverse[i]! - value;
    const contrast = top > black ? top : black;
    if (contrast > into[i]!) into[i] = contrast;
  }
}
