/**
 * The labelled burned-in text set: the strips of `textLines.ts` (Noto Sans CJK, rendered once by
 * Chromium) scaled to a font size and drawn into real image backgrounds in white or in colour,
 * sometimes on a label box as devices draw them, with the ink of every line known. Seeded, so a
 * run is repeatable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { testData } from '../paths.js';
import { STRIP_FONT_PX, TEXT_LINES } from './textLines.js';

export interface Strip {
  width: number;
  height: number;
  coverage: Uint8Array;
}

/** An 8-bit image, interleaved samples (1 grey, 3 RGB). */
export interface Canvas {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

export interface PlantedLine {
  text: string;
  fontPx: number;
  box: { x: number; y: number; width: number; height: number };
  /** Pixel indices drawn at half coverage or more. */
  ink: number[];
}

export function loadStrips(): Strip[] {
  const folder = testData('burned-in-text');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.png'))
    .sort()
    .map((name) => {
      const png = PNG.sync.read(readFileSync(join(folder, name)));
      const coverage = new Uint8Array(png.width * png.height);
      for (let i = 0; i < coverage.length; i++) coverage[i] = png.data[i * 4]!;
      return { width: png.width, height: png.height, coverage };
    });
}

/** Area-average resampling to a font size (the strips are at STRIP_FONT_PX). */
export function scaleStrip(strip: Strip, fontPx: number): Strip {
  const scale = fontPx / STRIP_FONT_PX;
  const width = Math.max(1, Math.round(strip.width * scale));
  const height = Math.max(1, Math.round(strip.height * scale));
  const coverage = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy0 = Math.floor(y / scale);
    const sy1 = Math.min(strip.height, Math.max(sy0 + 1, Math.floor((y + 1) / scale)));
    for (let x = 0; x < width; x++) {
      const sx0 = Math.floor(x / scale);
      const sx1 = Math.min(strip.width, Math.max(sx0 + 1, Math.floor((x + 1) / scale)));
      let sum = 0;
      for (let sy = sy0; sy < sy1; sy++)
        for (let sx = sx0; sx < sx1; sx++) sum += strip.coverage[sy * strip.width + sx]!;
      coverage[y * width + x] = Math.round(sum / ((sy1 - sy0) * (sx1 - sx0)));
    }
  }
  return { width, height, coverage };
}

export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GREY_INKS = [[255], [235], [200], [0], [30]];
const COLOUR_INKS = [
  [255, 255, 255],
  [255, 255, 0],
  [0, 255, 255],
  [0, 230, 0],
  [255, 160, 0],
  [255, 50, 50],
  [255, 0, 255],
  [120, 200, 255],
  [0, 0, 0],
];

function meanUnder(canvas: Canvas, x: number, y: number, width: number, height: number): number[] {
  const sums = new Array<number>(canvas.channels).fill(0);
  for (let row = y; row < y + height; row++)
    for (let column = x; column < x + width; column++)
      for (let c = 0; c < canvas.channels; c++)
        sums[c]! += canvas.pixels[(row * canvas.width + column) * canvas.channels + c]!;
  return sums.map((sum) => sum / (width * height));
}

/**
 * Draws `count` lines at the given font sizes without overlap. The ink is chosen from the set's
 * colours, but never one within 80 levels of the background behind the line in every channel:
 * text no one can read on the screen is not what leaks.
 */
export function plantLines(
  canvas: Canvas,
  strips: readonly Strip[],
  fontSizes: readonly number[],
  rng: () => number,
): PlantedLine[] {
  const planted: PlantedLine[] = [];
  const taken: PlantedLine['box'][] = [];
  for (const fontPx of fontSizes) {
    const index = Math.floor(rng() * strips.length);
    const strip = scaleStrip(strips[index]!, fontPx);
    if (strip.width >= canvas.width - 4 || strip.height >= canvas.height - 4) continue;
    let placed: PlantedLine['box'] | undefined;
    for (let attempt = 0; attempt < 50 && placed === undefined; attempt++) {
      const box = {
        x: 2 + Math.floor(rng() * (canvas.width - strip.width - 4)),
        y: 2 + Math.floor(rng() * (canvas.height - strip.height - 4)),
        width: strip.width,
        height: strip.height,
      };
      const gap = 4 + fontPx;
      if (
        taken.every(
          (other) =>
            box.x + box.width + gap <= other.x ||
            other.x + other.width + gap <= box.x ||
            box.y + box.height + gap <= other.y ||
            other.y + other.height + gap <= box.y,
        )
      )
        placed = box;
    }
    if (placed === undefined) continue;
    taken.push(placed);
    const labelBox = rng() < 0.25;
    if (labelBox)
      for (let row = placed.y; row < placed.y + placed.height; row++)
        canvas.pixels.fill(
          16,
          (row * canvas.width + placed.x) * canvas.channels,
          (row * canvas.width + placed.x + placed.width) * canvas.channels,
        );
    const behind = meanUnder(canvas, placed.x, placed.y, placed.width, placed.height);
    const inks = canvas.channels === 1 ? GREY_INKS : COLOUR_INKS;
    const start = Math.floor(rng() * inks.length);
    let ink = inks[start]!;
    for (let k = 0; k < inks.length; k++) {
      const candidate = inks[(start + k) % inks.length]!;
      if (candidate.some((value, c) => Math.abs(value - behind[c]!) >= 80)) {
        ink = candidate;
        break;
      }
    }
    planted.push(drawLine(canvas, strip, placed, ink, TEXT_LINES[index]!, fontPx));
  }
  return planted;
}

/** Draws a scaled strip at `box` (its top left) in `ink`, blending by coverage. */
export function drawLine(
  canvas: Canvas,
  strip: Strip,
  box: { x: number; y: number },
  ink: readonly number[],
  text: string,
  fontPx: number,
): PlantedLine {
  const line: PlantedLine = {
    text,
    fontPx,
    box: { x: box.x, y: box.y, width: strip.width, height: strip.height },
    ink: [],
  };
  for (let y = 0; y < strip.height && box.y + y < canvas.height; y++)
    for (let x = 0; x < strip.width && box.x + x < canvas.width; x++) {
      const alpha = strip.coverage[y * strip.width + x]! / 255;
      if (alpha === 0) continue;
      const pixel = (box.y + y) * canvas.width + box.x + x;
      for (let c = 0; c < canvas.channels; c++) {
        const at = pixel * canvas.channels + c;
        canvas.pixels[at] = Math.round(canvas.pixels[at]! * (1 - alpha) + ink[c]! * alpha);
      }
      if (alpha >= 0.5) line.ink.push(pixel);
    }
  return line;
}

export interface Score {
  lines: number;
  /** Lines every ink pixel of which is masked. */
  linesFound: number;
  inkPixels: number;
  inkMasked: number;
  /** Masked pixels farther than a font size from any planted line. */
  falseMasked: number;
  pixels: number;
  missed: PlantedLine[];
}

export function score(
  canvas: Canvas,
  planted: readonly PlantedLine[],
  regions: readonly { x: number; y: number; width: number; height: number }[],
): Score {
  const masked = new Uint8Array(canvas.width * canvas.height);
  for (const r of regions)
    for (let y = Math.max(0, r.y); y < Math.min(canvas.height, r.y + r.height); y++)
      masked.fill(
        1,
        y * canvas.width + Math.max(0, r.x),
        y * canvas.width + Math.min(canvas.width, r.x + r.width),
      );
  const near = new Uint8Array(canvas.width * canvas.height);
  for (const line of planted) {
    const pad = line.fontPx;
    for (
      let y = Math.max(0, line.box.y - pad);
      y < Math.min(canvas.height, line.box.y + line.box.height + pad);
      y++
    )
      near.fill(
        1,
        y * canvas.width + Math.max(0, line.box.x - pad),
        y * canvas.width + Math.min(canvas.width, line.box.x + line.box.width + pad),
      );
  }
  const result: Score = {
    lines: planted.length,
    linesFound: 0,
    inkPixels: 0,
    inkMasked: 0,
    falseMasked: 0,
    pixels: masked.length,
    missed: [],
  };
  for (const line of planted) {
    const hit = line.ink.filter((pixel) => masked[pixel] === 1).length;
    result.inkPixels += line.ink.length;
    result.inkMasked += hit;
    if (hit === line.ink.length) result.linesFound++;
    else result.missed.push(line);
  }
  for (let i = 0; i < masked.length; i++) if (masked[i] && !near[i]) result.falseMasked++;
  return result;
}
