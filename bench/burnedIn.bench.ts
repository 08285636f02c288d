// Burned-in text under Clean Pixel Data:
//   burnedIn.line_recall / ink_recall     the detector on the labelled set (test/support/burnedIn):
//                                         lines of Japanese and Latin text 8-48 px found whole, ink pixels masked
//   burnedIn.false_mask_share             share of the image masked away from any planted text (and on the
//                                         same backgrounds with no text; images with no text held back)
//   burnedIn.detect_ms_512_grey           detector time for one 512x512 grey frame (median of 5)
//   burnedIn.detect_ms_1024x768_colour    the same for one 1024x768 RGB frame
//   burnedIn.deid_files_per_s             the 96-slice MR pseudonymized without and with cleanPixelData
//                                         (every slice lacks Burned In Annotation, so every one is read)
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as detectTextModule from '../main/deid/burnedIn/detectText.ts';
import type * as pseudonymizeModule from '../main/deid/pseudonymizeStudy.ts';
import type * as keysModule from '../main/deid/pseudonymKeys.ts';
import type * as backgroundsModule from '../test/support/burnedIn/backgrounds.ts';
import type * as evaluateModule from '../test/support/burnedIn/evaluateDetector.ts';
import { median, printer, type BenchContext } from './figures.ts';
import { loadModules } from './loadModules.ts';

type Modules = typeof detectTextModule &
  typeof pseudonymizeModule &
  typeof keysModule &
  typeof backgroundsModule &
  typeof evaluateModule;

function planesOf(canvas: { width: number; height: number; channels: 1 | 3; pixels: Uint8Array }) {
  if (canvas.channels === 1) return [canvas.pixels];
  const pixels = canvas.width * canvas.height;
  return [0, 1, 2].map((c) => {
    const plane = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) plane[i] = canvas.pixels[i * 3 + c]!;
    return plane;
  });
}

export default async function bench({ root, print }: BenchContext): Promise<void> {
  // One folder below the root, as test/support/paths.ts expects of bundled test support.
  const modules = await loadModules<Modules>(
    root,
    'burnedIn',
    [
      'main/deid/burnedIn/detectText.ts',
      'main/deid/pseudonymizeStudy.ts',
      'main/deid/pseudonymKeys.ts',
      'test/support/burnedIn/backgrounds.ts',
      'test/support/burnedIn/evaluateDetector.ts',
    ],
    join(root, 'dist/bench-burnedIn'),
  );
  const ratio = printer(4);
  const figures = await modules.evaluateDetector(3);
  const set = { lines: figures.lines, sizes_px: '8-48', backgrounds: figures.blanks };
  ratio('burnedIn.line_recall', figures.lineRecall, 'ratio', {
    target: '>=0.98',
    ...set,
    by_size: figures.recallBySize,
  });
  ratio('burnedIn.ink_recall', figures.inkRecall, 'ratio', set);
  ratio('burnedIn.false_mask_share', figures.falseMaskShare, 'ratio', {
    ...set,
    no_text_backgrounds: figures.blankFalseMaskShare,
    no_text_held_back: figures.blankHeldBack,
    with_text_held_back: `${figures.samplesHeldBack}/${figures.samples}`,
  });

  const grey = (await modules.greyBackgrounds())[0]!;
  const colour = (await modules.colourBackgrounds())[0]!;
  for (const [name, canvas] of [
    ['burnedIn.detect_ms_512_grey', grey],
    ['burnedIn.detect_ms_1024x768_colour', colour],
  ] as const) {
    const planes = planesOf(canvas);
    const runs: number[] = [];
    for (let run = 0; run < 6; run++) {
      const start = performance.now();
      modules.detectTextInPlanes(planes, canvas.width, canvas.height);
      if (run > 0) runs.push(performance.now() - start); // the first warms the JIT
    }
    print(name, median(runs), 'ms', { runs: runs.map((r) => Math.round(r)) });
  }

  const mr = join(root, 'test/data/mr-head-t1-siemens-xa30-classic');
  const files = readdirSync(mr)
    .sort()
    .map((name) => join(mr, name));
  const keys = modules.createPseudonymKeys(Buffer.alloc(32, 1));
  for (const options of [[], ['cleanPixelData']] as const) {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const outDir = await mkdtemp(join(tmpdir(), 'mitate-bench-burned-in-'));
      const start = performance.now();
      await modules.pseudonymizeStudy(files, { outDir, options: [...options], keys });
      runs.push(files.length / ((performance.now() - start) / 1000));
      await rm(outDir, { recursive: true, force: true });
    }
    print('burnedIn.deid_files_per_s', median(runs), 'files/s', {
      cleanPixelData: options.length > 0,
      files: files.length,
      size: '128x128 MR, no Burned In Annotation',
      runs: runs.map((r) => Math.round(r)),
    });
  }
}
