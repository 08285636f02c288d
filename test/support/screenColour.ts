import { PNG } from 'pngjs';
import type { Locator } from '@playwright/test';

/** An element's screenshot as RGB, addressed in the element's CSS pixels. */
export interface ScreenRgb {
  at(x: number, y: number): [number, number, number];
}

export async function screenRgb(locator: Locator, path?: string): Promise<ScreenRgb> {
  const png = PNG.sync.read(
    await locator.screenshot({ animations: 'disabled', ...(path === undefined ? {} : { path }) }),
  );
  const scale = png.width / ((await locator.boundingBox())?.width ?? png.width);
  return {
    at(x, y) {
      const px = Math.min(png.width - 1, Math.max(0, Math.round(x * scale)));
      const py = Math.min(png.height - 1, Math.max(0, Math.round(y * scale)));
      const i = (py * png.width + px) * 4;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    },
  };
}

export const saturation = (rgb: readonly number[]): number => Math.max(...rgb) - Math.min(...rgb);

/** The most saturated pixel within `radius` CSS pixels of (x, y): a thin line need not hit the exact pixel. */
export function mostColouredNear(
  screen: ScreenRgb,
  x: number,
  y: number,
  radius = 2,
): [number, number, number] {
  let best: [number, number, number] = screen.at(x, y);
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const rgb = screen.at(x + dx, y + dy);
      if (saturation(rgb) > saturation(best)) best = rgb;
    }
  }
  return best;
}

/** Mean colour of the square of `radius` CSS pixels around (x, y). */
export function meanNear(
  screen: ScreenRgb,
  x: number,
  y: number,
  radius = 2,
): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const rgb = screen.at(x + dx, y + dy);
      for (let c = 0; c < 3; c++) sum[c] = sum[c]! + rgb[c]!;
      n++;
    }
  }
  return sum.map((value) => value / n) as [number, number, number];
}

/** Distance between two colours after normalising brightness, so a tint blended over grey still matches its hue. */
export function hueDistance(a: readonly number[], b: readonly number[]): number {
  const norm = (rgb: readonly number[]): number[] => {
    const low = Math.min(...rgb);
    const span = Math.max(...rgb) - low || 1;
    return rgb.map((value) => (value - low) / span);
  };
  const [p, q] = [norm(a), norm(b)];
  return Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
}
