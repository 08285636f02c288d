import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildArterialTree } from './circleOfWillis.js';
import { placeAneurysms } from './placeAneurysms.js';
import { renderTofVolume } from './renderTofVolume.js';
import { SeededRandom } from './seededRandom.js';
import { writeMrSlices } from './writeMrSlices.js';
import { writeFileAtomic } from '@mitate/atomic-write';
import type { Vec3, VolumeGeometry } from '../volume/index.js';

export interface PhantomOptions {
  seed: number;
  /** Columns, rows, slices. */
  size: [number, number, number];
  /** mm between columns, rows, slices; by default chosen from the size within 0.5–0.8 mm. */
  spacing?: [number, number, number];
}

export interface PhantomTruth {
  seed: number;
  size: [number, number, number];
  spacing_mm: [number, number, number];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  aneurysms: { site: string; center_mm: Vec3; diameter_mm: number }[];
  note: string;
}

const clamp = (v: number, low: number, high: number): number => Math.min(high, Math.max(low, v));

/** In-plane field of view about 150 mm and a slab of about 70 mm, within the 0.5–0.8 mm of TOF protocols. */
export function defaultSpacing(size: [number, number, number]): [number, number, number] {
  const inPlane = Math.round(clamp(150 / Math.max(size[0], size[1]), 0.5, 0.8) * 100) / 100;
  return [inPlane, inPlane, Math.round(clamp(70 / size[2], 0.5, 0.8) * 100) / 100];
}

export function phantomGeometry(options: PhantomOptions): VolumeGeometry {
  const spacing = options.spacing ?? defaultSpacing(options.size);
  const [nx, ny, nz] = options.size;
  // Centred on the circle of Willis (patient origin), axial slices from feet to head.
  return {
    dimensions: [nx, ny, nz],
    spacing,
    origin: [
      -((nx - 1) * spacing[0]) / 2,
      -((ny - 1) * spacing[1]) / 2 + 4,
      -((nz - 1) * spacing[2]) / 2,
    ],
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, 1],
  };
}

/** Builds the phantom in memory: geometry, voxels and truth (no files). */
export function buildPhantom(options: PhantomOptions): {
  geometry: VolumeGeometry;
  voxels: Uint16Array;
  truth: Omit<PhantomTruth, 'studyInstanceUid' | 'seriesInstanceUid'>;
} {
  const geometry = phantomGeometry(options);
  const random = new SeededRandom(options.seed);
  const tree = buildArterialTree(random);
  const { origin, spacing, dimensions } = geometry;
  const inside = (p: Vec3, margin: number): boolean =>
    [0, 1, 2].every(
      (a) =>
        p[a]! - margin >= origin[a]! &&
        p[a]! + margin <= origin[a]! + (dimensions[a]! - 1) * spacing[a]!,
    );
  const aneurysms = placeAneurysms(random, tree.sites, inside);
  const voxels = renderTofVolume(geometry, tree, aneurysms, options.seed);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    geometry,
    voxels,
    truth: {
      seed: options.seed,
      size: options.size,
      spacing_mm: spacing,
      aneurysms: aneurysms.map((a) => ({
        site: a.site,
        center_mm: a.center.map(round) as Vec3,
        diameter_mm: a.diameter,
      })),
      note: 'Synthetic TOF-MRA phantom (not patient data). Centres in DICOM patient coordinates (LPS, mm).',
    },
  };
}

/** Writes one MR Image Storage file per slice and truth.json into `folder`. */
export async function generatePhantom(
  options: PhantomOptions,
  folder: string,
): Promise<PhantomTruth> {
  const { geometry, voxels, truth } = buildPhantom(options);
  await mkdir(folder, { recursive: true });
  const uids = await writeMrSlices(folder, geometry, voxels, options.seed);
  const full: PhantomTruth = {
    ...truth,
    studyInstanceUid: uids.studyInstanceUid,
    seriesInstanceUid: uids.seriesInstanceUid,
  };
  await writeFileAtomic(join(folder, 'truth.json'), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}
