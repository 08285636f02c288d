import type { AneurysmSite } from './circleOfWillis.js';
import type { SeededRandom } from './seededRandom.js';
import { add, distance, scale, type Vec3 } from '../volume/index.js';

export interface PlacedAneurysm {
  site: string;
  center: Vec3;
  diameter: number;
  /** Where the dome meets the parent vessel (the site node). */
  neckAt: Vec3;
  /** TOF signal of the sac relative to its parent (slow, swirling flow is darker). */
  brightness: number;
}

/**
 * Chooses 0 to 3 saccular aneurysms at distinct bifurcations or bends. Diameters are 3 to 12 mm,
 * skewed small as in screening series. The dome's centre sits on the outward apex direction, so
 * the sphere overlaps the parent lumen by half its radius and forms a neck.
 *
 * Phantom design rule: a dome is never narrower than its parent vessel (diameter ≥ 2 × parent
 * radius), so a 3 mm dome is not put on the 4 mm carotid, where it would be a bulge rather than
 * a sac; such domes go to the smaller sites. `inside` rejects domes that would leave the volume.
 */
export function placeAneurysms(
  random: SeededRandom,
  sites: AneurysmSite[],
  inside: (p: Vec3, margin: number) => boolean,
  maximumDiameter = 12,
): PlacedAneurysm[] {
  const count = random.integer(0, 3);
  const placed: PlacedAneurysm[] = [];
  for (let attempt = 0; placed.length < count && attempt < 50; attempt++) {
    const diameter = 3 + (maximumDiameter - 3) * Math.pow(random.next(), 1.6);
    const radius = diameter / 2;
    const site = random.pick(sites);
    if (radius < site.parentRadius) continue;
    if (placed.some((p) => p.site === site.name)) continue;
    const center = add(site.position, scale(site.outward, radius + 0.5 * site.parentRadius));
    if (!inside(center, radius + 3)) continue;
    if (placed.some((p) => distance(p.center, center) < p.diameter / 2 + radius + 4)) continue;
    placed.push({
      site: site.name,
      center,
      diameter: Math.round(diameter * 100) / 100,
      neckAt: site.position,
      brightness: random.range(0.7, 0.95),
    });
  }
  return placed;
}
