import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPhantom, generatePhantom, type PhantomTruth } from '../../phantom/generatePhantom.js';
import { readSeries } from '../../dicom/readSeries.js';
import { buildArterialTree } from '../../phantom/circleOfWillis.js';
import { placeAneurysms } from '../../phantom/placeAneurysms.js';
import { SeededRandom } from '../../phantom/seededRandom.js';
import { patientToVoxel } from '../../volume/volume.js';
import { dciodvfy } from '../support/dicomTools.js';
import { readNatural } from '../support/tid1500Reader.js';

// A small phantom (160x160x100 of 0.6 mm) keeps this file to a few seconds.
const size: [number, number, number] = [160, 160, 100];
const spacing: [number, number, number] = [0.6, 0.6, 0.6];
let folder: string;
let truth: PhantomTruth;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-phantom-'));
  truth = await generatePhantom({ seed: 11, size, spacing }, folder);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('TOF-MRA phantom', () => {
  it('writes one valid MR Image Storage file per slice and truth.json', async () => {
    const files = (await readdir(folder)).filter((f) => f.endsWith('.dcm'));
    expect(files).toHaveLength(100);
    for (const file of [files[0]!, files[50]!, files[99]!]) {
      const { errors } = await dciodvfy(join(folder, file));
      expect(errors).toEqual([]);
    }
    const first = await readNatural(join(folder, files[0]!));
    expect(first).toMatchObject({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
      Modality: 'MR',
      MRAcquisitionType: '3D',
      AngioFlag: 'Y',
      BodyPartExamined: 'HEAD',
      Rows: 160,
      Columns: 160,
    });
    expect(first.PatientName).toEqual([{ Alphabetic: 'PHANTOM^MRA^11' }]);
    const written = JSON.parse(await readFile(join(folder, 'truth.json'), 'utf8')) as PhantomTruth;
    expect(written).toEqual(truth);
    expect(written.studyInstanceUid).toBe(first.StudyInstanceUID);
  });

  it('puts 3–12 mm aneurysms where the pixels are bright, in patient coordinates', async () => {
    const series = await readSeries((await readdir(folder)).map((f) => join(folder, f)));
    expect(truth.aneurysms.length).toBeGreaterThan(0);
    const [nx, ny] = series.volume.dimensions;
    // Stationary tissue is about 100, flowing blood in a sac at least 2.5 times that.
    for (const aneurysm of truth.aneurysms) {
      expect(aneurysm.diameter_mm).toBeGreaterThanOrEqual(3);
      expect(aneurysm.diameter_mm).toBeLessThanOrEqual(12);
      const [i, j, k] = patientToVoxel(series.volume, aneurysm.center_mm).map(Math.round) as [
        number,
        number,
        number,
      ];
      expect(series.volume.data[k * nx * ny + j * nx + i]).toBeGreaterThan(200);
    }
    // A point well away from every vessel is tissue.
    expect(series.volume.data[5 * nx * ny + 5 * nx + 80]).toBeLessThan(200);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const small: [number, number, number] = [64, 64, 100];
    const a = buildPhantom({ seed: 5, size: small });
    const b = buildPhantom({ seed: 5, size: small });
    const c = buildPhantom({ seed: 6, size: small });
    expect(Buffer.compare(Buffer.from(a.voxels.buffer), Buffer.from(b.voxels.buffer))).toBe(0);
    expect(a.truth).toEqual(b.truth);
    expect(Buffer.compare(Buffer.from(a.voxels.buffer), Buffer.from(c.voxels.buffer))).not.toBe(0);
    expect(a.truth.spacing_mm.every((s) => s >= 0.5 && s <= 0.8)).toBe(true);
  });

  it('places 0 to 3 aneurysms across seeds at distinct bifurcations and bends, every count occurring', () => {
    const counts = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const random = new SeededRandom(seed);
      const tree = buildArterialTree(random);
      const placed = placeAneurysms(random, tree.sites, () => true);
      counts.add(placed.length);
      expect(new Set(placed.map((p) => p.site)).size).toBe(placed.length);
      for (const p of placed) {
        const site = tree.sites.find((s) => s.name === p.site)!;
        expect(p.diameter).toBeGreaterThanOrEqual(3);
        expect(p.diameter).toBeLessThanOrEqual(12);
        expect(p.diameter / 2).toBeGreaterThanOrEqual(site.parentRadius);
      }
    }
    expect([...counts].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('command lines', () => {
  it('refuse missing or bad options with the usage and exit code 2 (or 1 for a bad size)', async () => {
    const { run: phantom } = await import('../../commands/phantom.js');
    const { run: analyze } = await import('../../commands/analyze.js');
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await phantom(['--out', folder])).toBe(2);
      expect(await phantom(['--seed', '-1', '--out', folder])).toBe(2);
      expect(await phantom(['--seed', '1', '--out', folder, '--size', '64x64x20'])).toBe(1);
      expect(await analyze(['--service', 'unknown', '--in', folder, '--out', folder])).toBe(2);
      expect(
        await analyze([
          '--service',
          'aneurysm-mra',
          '--in',
          join(folder, 'missing'),
          '--out',
          join(folder, 'out'),
        ]),
      ).toBe(1);
    } finally {
      process.stderr.write = stderr;
    }
  });
});
