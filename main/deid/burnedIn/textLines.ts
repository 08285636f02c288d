/**
 * Blobs to text lines. A glyph is a blob of text height; text is glyphs side by side at the same
 * height, so blobs that overlap vertically, are of like height and are close are joined into a
 * line. A line whose blobs stand out strongly is text (masked); one that stands out less is
 * masked too, and when it looks like a word the image is held back for a person to look at.
 * The figures were tuned on the labelled set (test/support/burnedIn): recall first.
 */
import type { Region } from './ruleTypes.js';
import type { Blob } from './components.js';

export interface DetectorTuning {
  /** A blob starts at a pixel standing out by this much (0-255)... */
  blobContrast: number;
  /** ...and grows through pixels standing out by this much. */
  growContrast: number;
  /** A pixel stands out strongly by this much. */
  strongContrast: number;
  /** Text glyphs from 8 px fonts have strokes of this height at least (colons and dots aside). */
  minHeight: number;
  maxHeight: number;
  /** Lines of small text set close together merge into one block (the gaps stand out too): taller than a line, up to this. */
  maxBlockHeight: number;
  /** Mean contrast of a line's pixels (0-255) above which it is text for sure. */
  sureContrast: number;
  /** Share of a line's pixels that must stand out strongly. */
  sureStrongShare: number;
  /** A word-like line short of sure that stands out this much holds the image back; fainter ones are masked only. */
  unsureContrast: number;
}

export const DEFAULT_TUNING: DetectorTuning = {
  blobContrast: 56,
  growContrast: 44,
  strongContrast: 100,
  minHeight: 4,
  maxHeight: 100,
  maxBlockHeight: 400,
  sureContrast: 90,
  sureStrongShare: 0.3,
  unsureContrast: 80,
};

interface Line {
  members: Blob[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  blobs: number;
  area: number;
  strong: number;
  contrastSum: number;
}

function joinable(a: Blob, b: Blob): boolean {
  const ha = a.y1 - a.y0;
  const hb = b.y1 - b.y0;
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  // Side by side on one baseline: most of the taller one's height is shared.
  if (overlap < 0.6 * Math.max(ha, hb)) return false;
  const gap = Math.max(a.x0, b.x0) - Math.min(a.x1, b.x1);
  return gap <= 1.5 * Math.max(ha, hb);
}

export function textLines(blobs: readonly Blob[], tuning: DetectorTuning = DEFAULT_TUNING): Line[] {
  const glyphs = blobs
    .filter((blob) => {
      const height = blob.y1 - blob.y0;
      return height >= tuning.minHeight && height <= tuning.maxBlockHeight && blob.area >= 6;
    })
    .sort((a, b) => a.x0 - b.x0);
  const parent = glyphs.map((_, index) => index);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < glyphs.length; i++) {
    const a = glyphs[i]!;
    const reach = a.x1 + 1.5 * tuning.maxHeight;
    for (let j = i + 1; j < glyphs.length && glyphs[j]!.x0 <= reach; j++)
      if (joinable(a, glyphs[j]!)) parent[root(j)] = root(i);
  }
  const lines = new Map<number, Line>();
  glyphs.forEach((blob, index) => {
    const key = root(index);
    const line = lines.get(key);
    if (line === undefined) {
      lines.set(key, { ...blob, blobs: 1, members: [blob] });
      return;
    }
    line.members.push(blob);
    line.x0 = Math.min(line.x0, blob.x0);
    line.y0 = Math.min(line.y0, blob.y0);
    line.x1 = Math.max(line.x1, blob.x1);
    line.y1 = Math.max(line.y1, blob.y1);
    line.blobs++;
    line.area += blob.area;
    line.strong += blob.strong;
    line.contrastSum += blob.contrastSum;
  });
  // A chain of blobs that climbs (anatomy next to text) is not one line: its blobs count alone.
  return [...lines.values()].flatMap((line) => {
    const heights = line.members.map((blob) => blob.y1 - blob.y0).sort((a, b) => a - b);
    const median = heights[Math.floor(heights.length / 2)]!;
    return line.y1 - line.y0 > 1.6 * median
      ? line.members.map((blob) => ({ ...blob, blobs: 1, members: [blob] }))
      : [line];
  });
}

/**
 * text: masked. unsure: a faint word-like line, masked, and the image is held back (a faint line
 * may go on past what stood out enough to be masked). speck: a short faint shape, masked only
 * (whatever it is, nothing of it is left).
 */
export type LineVerdict = 'text' | 'unsure' | 'speck' | 'notText';

export function judgeLine(
  line: Line,
  frame: { width: number; height: number },
  tuning: DetectorTuning = DEFAULT_TUNING,
): LineVerdict {
  const height = line.y1 - line.y0;
  const width = line.x1 - line.x0;
  const fill = line.area / (height * width);
  // A sliver along the frame's edge (where a CT's round field of view touches it) is not a
  // glyph: long along the edge, and hollow, where text small enough to be one blob is solid.
  const alongSide = (line.x0 === 0 || line.x1 === frame.width) && height >= 2 * width;
  const alongTop = (line.y0 === 0 || line.y1 === frame.height) && width >= 2 * height;
  if ((alongSide || alongTop) && line.blobs === 1 && fill < 0.8) return 'notText';
  if (fill < 0.05) return 'notText';
  if (height > tuning.maxHeight) {
    // A block of close lines: dense, and standing out as strongly as text does.
    const mean = line.contrastSum / line.area;
    return line.blobs === 1 &&
      width >= height / 4 &&
      fill >= 0.3 &&
      mean >= tuning.sureContrast &&
      line.strong / line.area >= tuning.sureStrongShare
      ? 'text'
      : 'notText';
  }
  if (width > 40 * height && line.blobs < 3) return 'notText';
  const mean = line.contrastSum / line.area;
  const strongShare = line.strong / line.area;
  if (mean >= tuning.sureContrast && strongShare >= tuning.sureStrongShare) return 'text';
  // A lone blob no wider than it is high that does not stand out strongly is texture, not a word.
  if (line.blobs === 1 && width < 1.5 * height) return 'notText';
  return (line.blobs >= 2 || width >= 3 * height) && mean >= tuning.unsureContrast
    ? 'unsure'
    : 'speck';
}

/** The box of a line, widened so the faint anti-aliased rim of its glyphs is inside it. */
export function lineRegion(line: Line, width: number, height: number): Region {
  const pad = 2 + Math.ceil(0.2 * (line.y1 - line.y0));
  const x = Math.max(0, line.x0 - pad);
  const y = Math.max(0, line.y0 - pad);
  return {
    x,
    y,
    width: Math.min(width, line.x1 + pad) - x,
    height: Math.min(height, line.y1 + pad) - y,
  };
}

export type { Line };
