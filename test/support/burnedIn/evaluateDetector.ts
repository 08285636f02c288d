/**
 * Runs the burned-in text detector over the labelled set (every background, every font size from
 * 8 px up, several seeds) and over the same backgrounds without text, and adds up the scores: the
 * figures the unit test asserts and the benchmark prints.
 */
import { detectTextInPlanes } from '../../../main/deid/burnedIn/detectText.js';
import { colourBackgrounds, greyBackgrounds } from './backgrounds.js';
import { loadStrips, plantLines, random, score, type Canvas, type PlantedLine } from './textSet.js';

export const FONT_SIZES = [8, 9, 10, 12, 14, 16, 20, 24, 32, 48] as const;

function planesOf(canvas: Canvas): Uint8Array[] {
  if (canvas.channels === 1) return [canvas.pixels];
  const pixels = canvas.width * canvas.height;
  return [0, 1, 2].map((c) => {
    const plane = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) plane[i] = canvas.pixels[i * 3 + c]!;
    return plane;
  });
}

export interface DetectorFigures {
  lines: number;
  linesFound: number;
  lineRecall: number;
  inkRecall: number;
  /** Share of the image masked away from any planted text. */
  falseMaskShare: number;
  /** Same, on the backgrounds with no text planted. */
  blankFalseMaskShare: number;
  /** Backgrounds with no text that would be held back as unsure. */
  blankHeldBack: number;
  blanks: number;
  samplesHeldBack: number;
  samples: number;
  recallBySize: Record<number, number>;
  missed: (Pick<PlantedLine, 'text' | 'fontPx' | 'box'> & { sample: string })[];
}

export async function evaluateDetector(seeds = 3): Promise<DetectorFigures> {
  const strips = loadStrips();
  const backgrounds = [...(await greyBackgrounds()), ...(await colourBackgrounds())];
  const figures: DetectorFigures = {
    lines: 0,
    linesFound: 0,
    lineRecall: 0,
    inkRecall: 0,
    falseMaskShare: 0,
    blankFalseMaskShare: 0,
    blankHeldBack: 0,
    blanks: 0,
    samplesHeldBack: 0,
    samples: 0,
    recallBySize: {},
    missed: [],
  };
  const bySize = new Map<number, { lines: number; found: number }>();
  let ink = 0;
  let inkMasked = 0;
  let falseMasked = 0;
  let pixels = 0;
  let blankMasked = 0;
  let blankPixels = 0;
  for (const [b, background] of backgrounds.entries()) {
    const blank = detectTextInPlanes(planesOf(background), background.width, background.height);
    figures.blanks++;
    if (blank.unsure.length > 0) figures.blankHeldBack++;
    const blankScore = score(background, [], [...blank.text, ...blank.unsure, ...blank.specks]);
    blankMasked += blankScore.falseMasked;
    blankPixels += blankScore.pixels;
    for (let seed = 1; seed <= seeds; seed++) {
      const canvas: Canvas = { ...background, pixels: new Uint8Array(background.pixels) };
      const rng = random(seed * 1000 + b);
      // Every size twice per sample, shuffled so sizes meet every part of the background.
      const sizes = [...FONT_SIZES, ...FONT_SIZES].sort(() => rng() - 0.5);
      const planted = plantLines(canvas, strips, sizes, rng);
      const found = detectTextInPlanes(planesOf(canvas), canvas.width, canvas.height);
      figures.samples++;
      if (found.unsure.length > 0) figures.samplesHeldBack++;
      const result = score(canvas, planted, [...found.text, ...found.unsure, ...found.specks]);
      figures.lines += result.lines;
      figures.linesFound += result.linesFound;
      ink += result.inkPixels;
      inkMasked += result.inkMasked;
      falseMasked += result.falseMasked;
      pixels += result.pixels;
      for (const line of planted) {
        const entry = bySize.get(line.fontPx) ?? { lines: 0, found: 0 };
        entry.lines++;
        if (!result.missed.includes(line)) entry.found++;
        bySize.set(line.fontPx, entry);
      }
      for (const line of result.missed)
        figures.missed.push({
          text: line.text,
          fontPx: line.fontPx,
          box: line.box,
          sample: `${b}/${seed}`,
        });
    }
  }
  figures.lineRecall = figures.linesFound / figures.lines;
  figures.inkRecall = inkMasked / ink;
  figures.falseMaskShare = falseMasked / pixels;
  figures.blankFalseMaskShare = blankMasked / blankPixels;
  for (const [size, entry] of [...bySize].sort((a, b) => a[0] - b[0]))
    figures.recallBySize[size] = entry.found / entry.lines;
  return figures;
}
