import { PNG } from 'pngjs';
import type { Locator } from '@playwright/test';

export interface Gray {
  width: number;
  height: number;
  /** Luminance 0-255, row-major. */
  values: Float64Array;
}

/** A screenshot of the element, as grey levels (the viewer draws grey images in grey). */
export async function grabGray(locator: Locator): Promise<Gray> {
  const png = PNG.sync.read(await locator.screenshot({ animations: 'disabled' }));
  const values = new Float64Array(png.width * png.height);
  for (let i = 0; i < values.length; i++) {
    values[i] = (png.data[i * 4]! + png.data[i * 4 + 1]! + png.data[i * 4 + 2]!) / 3;
  }
  return { width: png.width, height: png.height, values };
}

export interface ImageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The on-screen rectangle of the image, as the viewer reports it on the viewport element. */
export async function imageRect(viewport: Locator): Promise<ImageRect> {
  const text = await viewport.getAttribute('data-image-rect');
  const [x = 0, y = 0, width = 0, height = 0] = (text ?? '').split(',').map(Number);
  return { x, y, width, height };
}

/**
 * A volume viewport's first and last voxel centres on screen, [x0, y0, x1, y1] in the element's
 * pixels (`data-volume-corners`, written by volumeController.ts); undefined when it has none.
 */
export async function volumeCorners(
  viewport: Locator,
): Promise<[number, number, number, number] | undefined> {
  const text = await viewport.getAttribute('data-volume-corners');
  if (text === null) return undefined;
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = text.split(',').map(Number);
  return [x0, y0, x1, y1];
}

/** Samples the screenshot at the centre of each image pixel (column, row) of an image of the given size. */
export function sampleAtImagePixels(
  gray: Gray,
  rect: ImageRect,
  columns: number,
  rows: number,
): Float64Array {
  const out = new Float64Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const x = Math.floor(rect.x + ((column + 0.5) * rect.width) / columns);
      const y = Math.floor(rect.y + ((row + 0.5) * rect.height) / rows);
      const inside = x >= 0 && y >= 0 && x < gray.width && y < gray.height;
      out[row * columns + column] = inside ? gray.values[y * gray.width + x]! : Number.NaN;
    }
  }
  return out;
}

export function stats(values: ArrayLike<number>): { mean: number; sd: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) continue;
    sum += values[i]!;
    count++;
  }
  const mean = sum / count;
  let square = 0;
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i]!)) square += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(square / count) };
}

export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = stats(a);
  const sb = stats(b);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    sum += (a[i]! - sa.mean) * (b[i]! - sb.mean);
    count++;
  }
  return sum / count / (sa.sd * sb.sd);
}

/** Absolute differences between two equally sized grey images over a rectangle. */
export function differences(a: Gray, b: Gray, rect: ImageRect): number[] {
  const diffs: number[] = [];
  const x0 = Math.max(0, Math.ceil(rect.x));
  const y0 = Math.max(0, Math.ceil(rect.y));
  const x1 = Math.min(a.width, Math.floor(rect.x + rect.width));
  const y1 = Math.min(a.height, Math.floor(rect.y + rect.height));
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++)
      diffs.push(Math.abs(a.values[y * a.width + x]! - b.values[y * b.width + x]!));
  return diffs;
}

export function maxOf(values: readonly number[]): number {
  let max = -Infinity;
  for (const value of values) if (value > max) max = value;
  return max;
}
