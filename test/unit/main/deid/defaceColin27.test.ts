// Defacing measured on a real head (Colin27, see colin27Head.ts) rather than on the synthetic one:
// the series goes through the pseudonymization pipeline with Clean Recognizable Visual Features,
// and the output is compared with the head's own brain mask (every brain voxel must be unchanged)
// and with its face, found from the anatomy of MNI space: the skin a rendering shows (seen from
// the front and the sides) in front of the coronal plane y = +40 mm, within 60 mm of the midline,
// split into the eyes and nose (below z = 0, the orbits and the nose bridge down to the crop) and
// the forehead (z 0 to +40 mm, brows included).
// Figures and the before/after skin rendering go to test-results/deid/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { otsuThreshold } from '@mitate/otsu-threshold';
import type { HeadVolume } from '../../../../main/deid/defaceHead.js';
import { loadHeadVolumes } from '../../../../main/deid/planDefacing.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { repoRoot } from '../../../support/paths.js';
import { hasColin27, niftiIndex, toRas, writeColin27Series } from './colin27Head.js';
import { renderBeforeAfter } from './renderSkin.js';

const work = mkdtempSync(join(tmpdir(), 'mitate-colin27-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The head's surface as a rendering shows it: the first head voxel along each ray from the front
 * (columns run back, so from column 0) and from either side (along the slices). Voxels that merely
 * touch air are not enough: on T1 the skull, the sinuses and the CSF are as dark as air, so air
 * reached through the nostrils lines the nasal cavity up to the cribriform plate, a few mm from the
 * brain, and no defacing that keeps the brain could, or needs to, remove that.
 */
function visibleSurface(volume: HeadVolume, head: Uint8Array): Uint8Array {
  const { slices, rows, columns } = volume;
  const at = (slice: number, row: number, column: number): number =>
    (slice * rows + row) * columns + column;
  const surface = new Uint8Array(head.length);
  for (let slice = 0; slice < slices; slice++) {
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        if (!head[at(slice, row, column)]) continue;
        surface[at(slice, row, column)] = 1;
        break;
      }
    }
  }
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      for (const order of [1, -1]) {
        for (let step = 0; step < slices; step++) {
          const slice = order === 1 ? step : slices - 1 - step;
          if (!head[at(slice, row, column)]) continue;
          surface[at(slice, row, column)] = 1;
          break;
        }
      }
    }
  }
  return surface;
}

function percentKept(mask: Uint8Array, ok: (index: number) => boolean): number {
  let inside = 0;
  let good = 0;
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    inside++;
    if (ok(index)) good++;
  }
  return inside === 0 ? 0 : (good / inside) * 100;
}

describe('defacing a real head (Colin27 T1 from Debian mricron-data)', () => {
  it.skipIf(!hasColin27)(
    'brain 100% unchanged, eyes, nose and forehead skin removed (>= 95%) (skipped only when the mricron-data package is missing)',
    async () => {
      const folder = join(work, 'in');
      mkdirSync(folder);
      const { files, brain: brainGrid } = writeColin27Series(folder);
      const [input] = await loadHeadVolumes(files);
      const volume = input!.volume;
      const { outputFiles, report } = await pseudonymizeStudy(files, {
        outDir: join(work, 'out'),
        options: ['cleanRecognizableVisualFeatures'],
        keys: createPseudonymKeys(Buffer.alloc(32, 7)),
      });
      expect(outputFiles).toHaveLength(files.length);
      const [output] = await loadHeadVolumes(outputFiles.map((file) => file.path));
      const after = output!.volume.values;
      const before = volume.values;

      const threshold = otsuThreshold(before) * 0.5;
      const head = before.map((value) => (value > threshold ? 1 : 0));
      const skin = visibleSurface(volume, Uint8Array.from(head));
      const brain = new Uint8Array(before.length);
      const eyesAndNose = new Uint8Array(before.length);
      const forehead = new Uint8Array(before.length);
      for (let slice = 0; slice < volume.slices; slice++) {
        for (let row = 0; row < volume.rows; row++) {
          for (let column = 0; column < volume.columns; column++) {
            const index = (slice * volume.rows + row) * volume.columns + column;
            const position = volume.positionOf(slice, row, column);
            const grid = niftiIndex(position);
            brain[index] = grid >= 0 && brainGrid[grid] ? 1 : 0;
            if (!skin[index]) continue;
            const [x, y, z] = toRas(position);
            if (y < 40 || Math.abs(x) > 60 || z > 40) continue;
            if (z < 0) eyesAndNose[index] = 1;
            else forehead[index] = 1;
          }
        }
      }
      const removed = (index: number): boolean => after[index] === 0;
      const figures = {
        brainVoxels: brain.reduce((sum, bit) => sum + bit, 0),
        brainUnchangedPercent: percentKept(brain, (index) => after[index] === before[index]),
        eyesAndNoseSkinVoxels: eyesAndNose.reduce((sum, bit) => sum + bit, 0),
        eyesAndNoseSkinRemovedPercent: percentKept(eyesAndNose, removed),
        foreheadSkinVoxels: forehead.reduce((sum, bit) => sum + bit, 0),
        foreheadSkinRemovedPercent: percentKept(forehead, removed),
        voxelsBlanked: report.studies[0]!.defaced[0]!.voxelsRemoved,
      };
      const results = join(repoRoot, 'test-results/deid');
      mkdirSync(results, { recursive: true });
      writeFileSync(join(results, 'deface-colin27-figures.json'), `${JSON.stringify(figures)}\n`);
      writeFileSync(
        join(results, 'deface-colin27-skin-before-after.png'),
        renderBeforeAfter(volume, before, after, threshold, 2, 0),
      );
      console.log(`deface-colin27: ${JSON.stringify(figures)}`);
      expect(figures.eyesAndNoseSkinVoxels).toBeGreaterThan(1000);
      expect(figures.brainUnchangedPercent).toBe(100);
      expect(figures.eyesAndNoseSkinRemovedPercent).toBeGreaterThanOrEqual(95);
      expect(figures.foreheadSkinVoxels).toBeGreaterThan(1000);
      expect(figures.foreheadSkinRemovedPercent).toBeGreaterThanOrEqual(95);
    },
  );
});
