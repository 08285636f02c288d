// Clean Recognizable Visual Features (PS3.15 E.3.2): the engine blanks the face of head volumes so
// a skin rendering shows no face, and leaves the brain unchanged. Measured against ground truth on
// a synthetic head with a face (the repository's sample "head" MR turns out to be a phantom, a
// bottle with no face, so it can only show that nothing else changes). Figures and before/after
// skin renderings go to test-results/deid/.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { otsuThreshold } from '@mitate/otsu-threshold';
import { defaceHead, type HeadVolume } from '../../../../main/deid/defaceHead.js';
import { loadHeadVolumes } from '../../../../main/deid/planDefacing.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { parseDicomFile } from '../../../../main/dicom/index.js';
import { repoRoot, testData } from '../../../support/paths.js';
import { renderBeforeAfter } from './renderSkin.js';
import { valuesOf } from './inputFacts.js';
import { hasDciodvfy, newDciodvfyErrors } from './dciodvfy.js';
import { isBody, isBrain, writeSyntheticHead } from './syntheticHead.js';

const work = mkdtempSync(join(tmpdir(), 'mitate-deface-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MR = testData('mr-head-t1-siemens-xa30-classic');

function saveFigures(name: string, figures: object): void {
  const folder = join(repoRoot, 'test-results/deid');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${name}-figures.json`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${name}: ${JSON.stringify(figures)}`);
}

function savePng(name: string, png: Buffer): void {
  const folder = join(repoRoot, 'test-results/deid');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), png);
}

describe('Clean Recognizable Visual Features (defacing)', () => {
  for (const modality of ['MR', 'CT'] as const) {
    it(`synthetic ${modality} head with a face: face-region skin removed (>= 95%), every brain voxel unchanged (100%), against ground truth`, async () => {
      const folder = join(work, `synthetic-${modality}`);
      mkdirSync(folder);
      const files = writeSyntheticHead(folder, modality);
      const [input] = await loadHeadVolumes(files);
      const { volume } = input!;
      const { outputFiles, report } = await pseudonymizeStudy(files, {
        outDir: join(work, `synthetic-${modality}-out`),
        options: ['cleanRecognizableVisualFeatures'],
        keys: createPseudonymKeys(Buffer.alloc(32, 5)),
      });
      expect(outputFiles).toHaveLength(files.length);
      expect(report.studies[0]!.defaced[0]!.instances).toBe(files.length);
      expect(valuesOf(parseDicomFile(readFileSync(outputFiles[0]!.path)).body, 0x00280302)).toEqual(
        ['NO'],
      );
      const [output] = await loadHeadVolumes(outputFiles.map((file) => file.path));
      const after = output!.volume.values;

      // Ground truth: the brain ellipsoid, and the skin of the face (the body's surface in front of
      // the brain's front + 10 mm and below the brain's frontal pole - 15 mm).
      const brain = new Uint8Array(after.length);
      const body = new Uint8Array(after.length);
      forEachVoxel(volume, (index, p) => {
        brain[index] = isBrain(p) ? 1 : 0;
        body[index] = isBody(p) ? 1 : 0;
      });
      const skin = skinOf(body, volume.slices, volume.rows, volume.columns);
      const faceSkin = new Uint8Array(after.length);
      forEachVoxel(volume, (index, p) => {
        faceSkin[index] = skin[index] && p[1] < -75 + 10 && p[2] < 30 - 15 ? 1 : 0;
      });
      const figures = {
        brainVoxels: count(brain),
        brainUnchangedPercent:
          fraction(brain, (index) => after[index] === volume.values[index]) * 100,
        faceSkinVoxels: count(faceSkin),
        // Blanked means stored 0: 0 on MR, the intercept (-1024 HU, air) on CT.
        faceSkinRemovedPercent:
          fraction(faceSkin, (index) => after[index] === (modality === 'CT' ? -1024 : 0)) * 100,
        voxelsBlanked: report.studies[0]!.defaced[0]!.voxelsRemoved,
      };
      saveFigures(`deface-synthetic-${modality.toLowerCase()}`, figures);
      savePng(
        `deface-synthetic-${modality.toLowerCase()}-skin-before-after.png`,
        renderBeforeAfter(volume, volume.values, after, modality === 'MR' ? 250 : -300, 2, 0),
      );
      if (hasDciodvfy) expect(newDciodvfyErrors(files[40]!, outputFiles[40]!.path)).toEqual([]);
      expect(figures.faceSkinVoxels).toBeGreaterThan(500);
      expect(figures.brainUnchangedPercent).toBe(100);
      expect(figures.faceSkinRemovedPercent).toBeGreaterThanOrEqual(95);
    });
  }

  it('an enhanced (multi-frame) head MR, which is not assembled for defacing, is held back rather than sent with its face', async () => {
    const folder = testData('mr-head-t1-siemens-xa30-enhanced');
    const files = readdirSync(folder).map((name) => join(folder, name));
    const withOption = await pseudonymizeStudy(files, {
      outDir: join(work, 'enhanced-out'),
      options: ['cleanRecognizableVisualFeatures'],
      keys: createPseudonymKeys(Buffer.alloc(32, 5)),
    });
    expect(withOption.outputFiles).toEqual([]);
    expect(withOption.report.excluded).toEqual([{ inputIndex: 0, reason: 'cannotDeface' }]);
    const without = await pseudonymizeStudy(files, {
      outDir: join(work, 'enhanced-plain'),
      options: [],
      keys: createPseudonymKeys(Buffer.alloc(32, 5)),
    });
    expect(without.outputFiles).toHaveLength(1);
  });

  it('the sample "head" MR (a phantom: no face): defaced like any head series, brain estimate untouched, nothing else changed', async () => {
    const files = readdirSync(MR)
      .sort()
      .map((name) => join(MR, name));
    const [input] = await loadHeadVolumes(files);
    const { volume } = input!;
    const plan = defaceHead(volume);
    const { outputFiles } = await pseudonymizeStudy(files, {
      outDir: join(work, 'mr-out'),
      options: ['cleanRecognizableVisualFeatures'],
      keys: createPseudonymKeys(Buffer.alloc(32, 5)),
    });
    const [output] = await loadHeadVolumes(outputFiles.map((file) => file.path));
    const after = output!.volume.values;
    const figures = {
      brainEstimateVoxels: count(plan.brainMask),
      brainEstimateUnchangedPercent:
        fraction(plan.brainMask, (index) => after[index] === volume.values[index]) * 100,
      outsideCutUnchangedPercent:
        fraction(
          plan.faceMask.map((bit) => 1 - bit),
          (index) => after[index] === volume.values[index],
        ) * 100,
      voxelsBlanked: plan.voxelsRemoved,
    };
    saveFigures('deface-sample-mr', figures);
    savePng(
      'deface-sample-mr-skin-before-after.png',
      renderBeforeAfter(volume, volume.values, after, otsuThreshold(volume.values) * 0.5, 2, 0),
    );
    expect(figures.brainEstimateUnchangedPercent).toBe(100);
    expect(figures.outsideCutUnchangedPercent).toBe(100);
  });
});

function forEachVoxel(
  volume: HeadVolume,
  visit: (index: number, p: [number, number, number]) => void,
): void {
  for (let slice = 0; slice < volume.slices; slice++) {
    for (let row = 0; row < volume.rows; row++) {
      for (let column = 0; column < volume.columns; column++) {
        visit(
          (slice * volume.rows + row) * volume.columns + column,
          volume.positionOf(slice, row, column),
        );
      }
    }
  }
}

function skinOf(head: Uint8Array, slices: number, rows: number, columns: number): Uint8Array {
  const skin = new Uint8Array(head.length);
  const plane = rows * columns;
  for (let index = 0; index < head.length; index++) {
    if (!head[index]) continue;
    const column = index % columns;
    const row = Math.floor(index / columns) % rows;
    const slice = Math.floor(index / plane);
    const outside = (offset: number, ok: boolean): boolean => !ok || !head[index + offset];
    skin[index] =
      outside(-1, column > 0) ||
      outside(1, column < columns - 1) ||
      outside(-columns, row > 0) ||
      outside(columns, row < rows - 1) ||
      outside(-plane, slice > 0) ||
      outside(plane, slice < slices - 1)
        ? 1
        : 0;
  }
  return skin;
}

function count(mask: Uint8Array): number {
  let total = 0;
  for (const bit of mask) total += bit;
  return total;
}

function fraction(mask: Uint8Array, ok: (index: number) => boolean): number {
  let inside = 0;
  let good = 0;
  for (let index = 0; index < mask.length; index++) {
    if (!mask[index]) continue;
    inside++;
    if (ok(index)) good++;
  }
  return inside === 0 ? 0 : good / inside;
}
