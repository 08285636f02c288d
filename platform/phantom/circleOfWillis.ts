import type { SeededRandom } from './seededRandom.js';
import { add, cross, dot, normalize, norm, scale, sub, type Vec3 } from '../volume/index.js';

/**
 * A Circle of Willis-like arterial tree in patient coordinates (LPS, mm, origin near the basilar
 * tip): both internal carotids with a siphon bend, M1 to the MCA bifurcation and two M2 trunks,
 * A1 to the anterior communicating artery and A2, posterior communicating arteries, basilar
 * artery with the P1/P2 segments, vertebral confluence, and a few small cortical twigs. Radii
 * are those of adult intracranial arteries (ICA about 4 mm wide, M2 about 2 mm). Each seed
 * moves every node, scales every radius and tilts the whole tree a little.
 */
export interface VesselTube {
  name: string;
  /** Densely resampled centreline (about 0.5 mm steps) and the lumen radius at each point. */
  points: Vec3[];
  radii: number[];
  /** Relative flow-related signal of this vessel (TOF: slow or distal flow is darker). */
  brightness: number;
}

/** A bifurcation or bend where saccular aneurysms typically arise. */
export interface AneurysmSite {
  name: string;
  position: Vec3;
  /** Unit vector pointing away from the vessels meeting there (apex of the bifurcation, outer wall of a bend). */
  outward: Vec3;
  /** Largest lumen radius of the vessels meeting there. */
  parentRadius: number;
}

export interface ArterialTree {
  vessels: VesselTube[];
  sites: AneurysmSite[];
}

type NodeTable = Record<string, Vec3>;

/** Left-sided nodes; the right side mirrors x. Midline nodes have x = 0. */
const leftNodes: NodeTable = {
  ICA_in: [17, 6, -40],
  ICA_c1: [14, 4, -24],
  ICA_bend: [20, -5, -13],
  PCom_origin: [17, -1, -5],
  ICA_T: [17, 1, 0],
  M1_mid: [27, -2, 2],
  MCA_bif: [37, 0, 4],
  M2s_1: [44, -4, 13],
  M2s_2: [50, 2, 24],
  M2s_3: [52, 10, 36],
  M2i_1: [46, 6, 0],
  M2i_2: [54, 16, 2],
  M2i_3: [57, 28, 6],
  A1_mid: [10, -8, 2],
  ACom_junction: [3, -14, 3],
  A2_1: [3, -22, 12],
  A2_bend: [4, -25, 23],
  A2_3: [5, -18, 38],
  PCom_mid: [14, 8, -4],
  P1P2: [9, 15, -5],
  P2_1: [18, 24, -2],
  P2_2: [24, 36, 4],
  P2_3: [24, 48, 10],
  VA_in: [8, 28, -50],
};
const midlineNodes: NodeTable = {
  BA_confluence: [0, 22, -36],
  BA_mid: [0, 19, -20],
  BA_tip: [0, 15, -7],
};

interface VesselSpec {
  name: string;
  nodes: string[];
  r0: number;
  r1: number;
}
const sidedVessels: VesselSpec[] = [
  {
    name: 'ICA',
    nodes: ['ICA_in', 'ICA_c1', 'ICA_bend', 'PCom_origin', 'ICA_T'],
    r0: 2.0,
    r1: 1.75,
  },
  { name: 'M1', nodes: ['ICA_T', 'M1_mid', 'MCA_bif'], r0: 1.4, r1: 1.25 },
  { name: 'M2_superior', nodes: ['MCA_bif', 'M2s_1', 'M2s_2', 'M2s_3'], r0: 1.0, r1: 0.7 },
  { name: 'M2_inferior', nodes: ['MCA_bif', 'M2i_1', 'M2i_2', 'M2i_3'], r0: 1.0, r1: 0.7 },
  { name: 'A1', nodes: ['ICA_T', 'A1_mid', 'ACom_junction'], r0: 1.1, r1: 1.0 },
  { name: 'A2', nodes: ['ACom_junction', 'A2_1', 'A2_bend', 'A2_3'], r0: 1.0, r1: 0.8 },
  { name: 'PCom', nodes: ['PCom_origin', 'PCom_mid', 'P1P2'], r0: 0.65, r1: 0.6 },
  { name: 'P1', nodes: ['BA_tip', 'P1P2'], r0: 1.1, r1: 1.05 },
  { name: 'P2', nodes: ['P1P2', 'P2_1', 'P2_2', 'P2_3'], r0: 1.05, r1: 0.75 },
  { name: 'VA', nodes: ['VA_in', 'BA_confluence'], r0: 1.4, r1: 1.35 },
];
const midlineVessels: VesselSpec[] = [
  { name: 'BA', nodes: ['BA_confluence', 'BA_mid', 'BA_tip'], r0: 1.6, r1: 1.5 },
  { name: 'ACom', nodes: ['ACom_junction_L', 'ACom_junction_R'], r0: 0.7, r1: 0.7 },
];
/** Where aneurysms arise (Acom, PCom origin, MCA bifurcation, ICA terminus, basilar tip, bends). */
const sidedSites = [
  'ACom_junction',
  'PCom_origin',
  'MCA_bif',
  'ICA_T',
  'ICA_bend',
  'P1P2',
  'A2_bend',
];
const midlineSites = ['BA_tip'];

function rotation(random: SeededRandom, maxRadians: number): (v: Vec3) => Vec3 {
  const axis = normalize([random.normal(), random.normal(), random.normal()]);
  const angle = random.range(-maxRadians, maxRadians);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // Rodrigues' rotation formula.
  return (v) =>
    add(add(scale(v, c), scale(cross(axis, v), s)), scale(axis, dot(axis, v) * (1 - c)));
}

/** Catmull–Rom through the nodes, sampled every `step` mm, so vessels curve smoothly. */
function smoothCentreline(nodes: Vec3[], step: number): Vec3[] {
  const out: Vec3[] = [];
  for (let n = 0; n + 1 < nodes.length; n++) {
    const p0 = nodes[Math.max(0, n - 1)]!;
    const p1 = nodes[n]!;
    const p2 = nodes[n + 1]!;
    const p3 = nodes[Math.min(nodes.length - 1, n + 2)]!;
    const samples = Math.max(2, Math.ceil(norm(sub(p2, p1)) / step));
    for (let s = 0; s < samples; s++) {
      const t = s / samples;
      const t2 = t * t;
      const t3 = t2 * t;
      const point = [0, 1, 2].map(
        (a) =>
          0.5 *
          (2 * p1[a]! +
            (-p0[a]! + p2[a]!) * t +
            (2 * p0[a]! - 5 * p1[a]! + 4 * p2[a]! - p3[a]!) * t2 +
            (-p0[a]! + 3 * p1[a]! - 3 * p2[a]! + p3[a]!) * t3),
      ) as Vec3;
      out.push(point);
    }
  }
  out.push(nodes[nodes.length - 1]!);
  return out;
}

function tube(name: string, nodes: Vec3[], r0: number, r1: number, brightness: number): VesselTube {
  const points = smoothCentreline(nodes, 0.5);
  const lengths = [0];
  for (let p = 1; p < points.length; p++)
    lengths.push(lengths[p - 1]! + norm(sub(points[p]!, points[p - 1]!)));
  const total = lengths[lengths.length - 1]! || 1;
  return { name, points, radii: lengths.map((l) => r0 + (r1 - r0) * (l / total)), brightness };
}

export function buildArterialTree(random: SeededRandom): ArterialTree {
  const rotate = rotation(random, (8 * Math.PI) / 180);
  const jitter = (v: Vec3, amount: number): Vec3 =>
    add(v, [
      random.range(-amount, amount),
      random.range(-amount, amount),
      random.range(-amount, amount),
    ]);
  const nodes: NodeTable = {};
  for (const [side, sign] of [
    ['L', 1],
    ['R', -1],
  ] as const) {
    for (const [name, p] of Object.entries(leftNodes)) {
      const mirrored: Vec3 = [p[0] * sign, p[1], p[2]];
      nodes[`${name}_${side}`] = rotate(jitter(mirrored, name === 'ACom_junction' ? 0.8 : 2.5));
    }
  }
  for (const [name, p] of Object.entries(midlineNodes)) nodes[name] = rotate(jitter(p, 1.5));
  const at = (name: string): Vec3 => nodes[name]!;
  const radiusScale = random.range(0.9, 1.1);
  const vessels: VesselTube[] = [];
  const add3 = (spec: VesselSpec, nodeNames: string[], name: string): void => {
    const r = radiusScale * random.range(0.92, 1.08);
    const brightness = random.range(0.9, 1.1) * (spec.r1 < 0.8 ? 0.92 : 1);
    vessels.push(tube(name, nodeNames.map(at), spec.r0 * r, spec.r1 * r, brightness));
  };
  for (const side of ['L', 'R']) {
    for (const spec of sidedVessels)
      add3(
        spec,
        spec.nodes.map((n) => (n in midlineNodes ? n : `${n}_${side}`)),
        `${spec.name}_${side}`,
      );
  }
  for (const spec of midlineVessels) add3(spec, spec.nodes, spec.name);
  // Small cortical twigs leave the distal trunks at random points, as in a real angiogram.
  const trunks = vessels.filter((v) => /^(M2|P2|A2)/.test(v.name));
  const twigCount = random.integer(4, 8);
  for (let t = 0; t < twigCount; t++) {
    const trunk = random.pick(trunks);
    const index = random.integer(Math.floor(trunk.points.length * 0.35), trunk.points.length - 4);
    const start = trunk.points[index]!;
    const along = normalize(sub(trunk.points[index + 2]!, trunk.points[index]!));
    const side = normalize(
      cross(along, normalize([random.normal(), random.normal(), random.normal()])),
    );
    const direction = normalize(add(scale(along, 0.5), side));
    const length = random.range(10, 18);
    const bend = normalize([random.normal(), random.normal(), random.normal()]);
    const mid = add(add(start, scale(direction, length / 2)), scale(bend, 2));
    const end = add(add(start, scale(direction, length)), scale(bend, 3));
    const r = Math.min(trunk.radii[index]! * 0.7, random.range(0.5, 0.65));
    vessels.push(tube(`twig_${t}`, [start, mid, end], r, r * 0.85, random.range(0.8, 0.95)));
  }

  const sites: AneurysmSite[] = [];
  const siteNames = [...sidedSites.flatMap((s) => [`${s}_L`, `${s}_R`]), ...midlineSites];
  for (const name of siteNames) {
    const position = at(name);
    // Unit vectors from the node along every vessel that passes through or starts there.
    const away: Vec3[] = [];
    let parentRadius = 0;
    for (const vessel of vessels) {
      if (vessel.name.startsWith('twig')) continue;
      for (let p = 0; p < vessel.points.length; p++) {
        if (norm(sub(vessel.points[p]!, position)) > 0.3) continue;
        parentRadius = Math.max(parentRadius, vessel.radii[p]!);
        for (const q of [p - 6, p + 6]) {
          const other = vessel.points[q];
          if (other !== undefined) away.push(normalize(sub(other, position)));
        }
        break;
      }
    }
    let outward = normalize(
      scale(
        away.reduce((s, v) => add(s, v), [0, 0, 0] as Vec3),
        -1,
      ),
    );
    if (norm(outward) === 0 || away.length < 2) continue;
    // Real domes point a little off the exact apex.
    outward = normalize(
      add(outward, [random.range(-0.3, 0.3), random.range(-0.3, 0.3), random.range(-0.3, 0.3)]),
    );
    sites.push({ name, position, outward, parentRadius });
  }
  return { vessels, sites };
}
