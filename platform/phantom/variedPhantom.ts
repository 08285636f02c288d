import { buildArterialTree, type ArterialTree, type VesselTube } from './circleOfWillis.js';
import { placeAneurysms } from './placeAneurysms.js';
import { renderTofVolume, type TofAppearance } from './renderTofVolume.js';
import { SeededRandom } from './seededRandom.js';
import type { PhantomTruth } from './generatePhantom.js';
import {
  add,
  cross,
  distance,
  normalize,
  norm,
  scale,
  sub,
  type Vec3,
  type VolumeGeometry,
} from '../volume/index.js';

/**
 * Phantoms that differ the way scanners and patients differ, for measuring a detector on data it
 * was not tuned to. Two disjoint sets:
 *  - `tuning`: seeds 20000–29999, ranges a little wider than the original phantom;
 *  - `validation`: seeds 30000–39999, ranges wider than the tuning set on every axis (gain and
 *    coil bias, noise, voxel size and anisotropy, slab position and thickness so that vessels
 *    and even domes are cut by the edge, vessel calibre and tortuosity, tight vessel loops that
 *    look like bulges, flow gaps), aneurysms 3–10 mm.
 * A detector is tuned on the first and measured once on the second.
 */
export type PhantomSet = 'tuning' | 'validation';

export const PHANTOM_SET_SEEDS: Record<PhantomSet, number> = { tuning: 20000, validation: 30000 };

interface Range {
  low: number;
  high: number;
}
interface VariationRanges {
  intensityScale: Range;
  noiseSigma: Range;
  biasStrength: Range;
  inPlaneMm: Range;
  /** Slice spacing divided by in-plane spacing. */
  anisotropy: Range;
  fieldOfViewMm: Range;
  slabMm: Range;
  /** Slab centre, mm from the circle of Willis along the head axis. */
  slabShiftMm: Range;
  radiusScale: Range;
  /** Amplitude of the meander added to every vessel, mm. */
  tortuosityMm: Range;
  loops: Range;
  flowGaps: Range;
}

const r = (low: number, high: number): Range => ({ low, high });
const RANGES: Record<PhantomSet, VariationRanges> = {
  tuning: {
    intensityScale: r(0.6, 2),
    noiseSigma: r(4, 8),
    biasStrength: r(0.1, 0.3),
    inPlaneMm: r(0.45, 0.7),
    anisotropy: r(1, 1.3),
    fieldOfViewMm: r(105, 120),
    slabMm: r(60, 70),
    slabShiftMm: r(-4, 4),
    radiusScale: r(0.9, 1.15),
    tortuosityMm: r(0, 0.8),
    loops: r(0, 1),
    flowGaps: r(0, 1),
  },
  validation: {
    intensityScale: r(0.3, 4),
    noiseSigma: r(3, 11),
    biasStrength: r(0.05, 0.45),
    inPlaneMm: r(0.4, 0.85),
    anisotropy: r(1, 1.6),
    fieldOfViewMm: r(100, 130),
    slabMm: r(45, 80),
    slabShiftMm: r(-12, 12),
    radiusScale: r(0.8, 1.3),
    tortuosityMm: r(0, 1.6),
    loops: r(0, 2),
    flowGaps: r(0, 2),
  },
};

export interface Variation extends Required<TofAppearance> {
  spacing: [number, number, number];
  size: [number, number, number];
  slabShiftMm: number;
  radiusScale: number;
  tortuosityMm: number;
  loops: number;
  flowGaps: number;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

export function drawVariation(set: PhantomSet, seed: number): Variation {
  const random = new SeededRandom(seed * 104729 + 7);
  const ranges = RANGES[set];
  const draw = (range: Range): number => random.range(range.low, range.high);
  const count = (range: Range): number => random.integer(range.low, range.high);
  const inPlane = round2(draw(ranges.inPlaneMm));
  const slice = round2(inPlane * draw(ranges.anisotropy));
  const fov = draw(ranges.fieldOfViewMm);
  const slab = draw(ranges.slabMm);
  const columns = Math.round(fov / inPlane);
  return {
    intensityScale: round2(
      Math.exp(
        draw({
          low: Math.log(ranges.intensityScale.low),
          high: Math.log(ranges.intensityScale.high),
        }),
      ),
    ),
    noiseSigma: round2(draw(ranges.noiseSigma)),
    biasStrength: round2(draw(ranges.biasStrength)),
    spacing: [inPlane, inPlane, slice],
    size: [columns, columns, Math.round(slab / slice)],
    slabShiftMm: round2(draw(ranges.slabShiftMm)),
    radiusScale: round2(draw(ranges.radiusScale)),
    tortuosityMm: round2(draw(ranges.tortuosityMm)),
    loops: count(ranges.loops),
    flowGaps: count(ranges.flowGaps),
  };
}

/** Builds one phantom of a set in memory: geometry, voxels, truth and the variation drawn. */
export function buildVariedPhantom(
  set: PhantomSet,
  seed: number,
): {
  geometry: VolumeGeometry;
  voxels: Uint16Array;
  truth: Omit<PhantomTruth, 'studyInstanceUid' | 'seriesInstanceUid'>;
  variation: Variation;
} {
  const variation = drawVariation(set, seed);
  const [nx, ny, nz] = variation.size;
  const spacing = variation.spacing;
  const geometry: VolumeGeometry = {
    dimensions: [nx, ny, nz],
    spacing,
    origin: [
      -((nx - 1) * spacing[0]) / 2,
      -((ny - 1) * spacing[1]) / 2 + 4,
      -((nz - 1) * spacing[2]) / 2 + variation.slabShiftMm,
    ],
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, 1],
  };
  const random = new SeededRandom(seed);
  const base = buildArterialTree(random);
  const { origin, dimensions } = geometry;
  const inside = (p: Vec3, margin: number): boolean =>
    [0, 1, 2].every(
      (a) =>
        p[a]! - margin >= origin[a]! &&
        p[a]! + margin <= origin[a]! + (dimensions[a]! - 1) * spacing[a]!,
    );
  const aneurysms = placeAneurysms(random, base.sites, inside, 10);
  const tree = varyTree(base, variation, random);
  const voxels = renderTofVolume(geometry, tree, aneurysms, seed, variation);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return {
    geometry,
    voxels,
    variation,
    truth: {
      seed,
      size: variation.size,
      spacing_mm: spacing,
      aneurysms: aneurysms.map((a) => ({
        site: a.site,
        center_mm: a.center.map(round) as Vec3,
        diameter_mm: a.diameter,
      })),
      note: `Synthetic TOF-MRA phantom, ${set} set (not patient data). Centres in DICOM patient coordinates (LPS, mm).`,
    },
  };
}

/**
 * Calibre, meander, loops and flow gaps. Sites (where domes sit) stay where they are: the
 * meander fades to nothing within 4 mm of a site so that a dome keeps its neck on its vessel.
 */
function varyTree(tree: ArterialTree, variation: Variation, random: SeededRandom): ArterialTree {
  const sites = tree.sites.map((s) => s.position);
  const vessels: VesselTube[] = tree.vessels.map((vessel) => {
    const waves = [0, 1].map(() => ({
      length: random.range(8, 20),
      phase: random.range(0, 2 * Math.PI),
      axis: normalize([random.normal(), random.normal(), random.normal()]),
    }));
    let arc = 0;
    const points = vessel.points.map((p, n) => {
      if (n > 0) arc += norm(sub(p, vessel.points[n - 1]!));
      const nearest = Math.min(...sites.map((s) => distance(s, p)));
      const fromEnds = Math.min(n, vessel.points.length - 1 - n) * 0.5;
      const fade = Math.min(1, Math.max(0, (Math.min(nearest, fromEnds + 4) - 4) / 4));
      let shift: Vec3 = [0, 0, 0];
      for (const w of waves)
        shift = add(
          shift,
          scale(
            w.axis,
            variation.tortuosityMm * fade * Math.sin((2 * Math.PI * arc) / w.length + w.phase),
          ),
        );
      return add(p, shift);
    });
    return {
      ...vessel,
      points,
      radii: vessel.radii.map((radius) => radius * variation.radiusScale),
    };
  });
  const trunks = vessels.filter((v) => /^(M1|M2|P2|A2|VA|BA)/.test(v.name));
  // A tight loop: the vessel leaves its trunk, circles once and rejoins; its turns touch and
  // make a rounded bright knot, which is what a loop looks like in a thick-slab MIP.
  for (let l = 0; l < variation.loops; l++) {
    const trunk = random.pick(trunks);
    const n = random.integer(4, trunk.points.length - 5);
    const start = trunk.points[n]!;
    const along = normalize(sub(trunk.points[n + 2]!, trunk.points[n - 2]!));
    const side = normalize(
      cross(along, normalize([random.normal(), random.normal(), random.normal()])),
    );
    const loopRadius = random.range(1.8, 3.2);
    const radius = Math.min(trunk.radii[n]!, random.range(0.6, 1));
    const centre = add(start, scale(side, loopRadius));
    const lift = cross(along, side);
    const points: Vec3[] = [];
    for (let t = 0; t <= 1.0001; t += 0.5 / (2 * Math.PI * loopRadius)) {
      const angle = Math.PI + 2 * Math.PI * t;
      points.push(
        add(
          centre,
          add(
            scale(side, loopRadius * Math.cos(angle)),
            add(scale(along, loopRadius * Math.sin(angle)), scale(lift, 1.2 * radius * t)),
          ),
        ),
      );
    }
    vessels.push({
      name: `loop${l}`,
      points,
      radii: points.map(() => radius),
      brightness: trunk.brightness,
    });
  }
  // A flow gap: 2–4 mm of a vessel where saturated, slow or turbulent flow loses its signal.
  for (let g = 0; g < variation.flowGaps; g++) {
    const index = random.integer(0, vessels.length - 1);
    const vessel = vessels[index]!;
    if (vessel.points.length < 20) continue;
    const from = random.integer(5, vessel.points.length - 15);
    const to = from + random.integer(4, 8);
    vessels.splice(
      index,
      1,
      {
        ...vessel,
        points: vessel.points.slice(0, from + 1),
        radii: vessel.radii.slice(0, from + 1),
      },
      {
        ...vessel,
        name: `${vessel.name}_gap`,
        points: vessel.points.slice(from, to + 1),
        radii: vessel.radii.slice(from, to + 1),
        brightness: vessel.brightness * random.range(0.15, 0.35),
      },
      { ...vessel, points: vessel.points.slice(to), radii: vessel.radii.slice(to) },
    );
  }
  return { vessels, sites: tree.sites };
}
