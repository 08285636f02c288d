import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../phantom/seededRandom.js';
import { segmentBrain } from '../../../services/intracranial/segmentBrain.js';
import { runService, type ServiceResult } from '../../../services/runService.js';
import type { ScalarVolume } from '../../../volume/volume.js';
import { testData } from '../../support/paths.js';
import { encodePart10 } from '../../../dicom/part10.js';
import { newUid } from '../../../dicom/uid.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { readWithCornerstoneAdapter } from '../../support/cornerstoneSeg.js';
import { dciodvfy, dsrdump } from '../../support/dicomTools.js';
import { readNatural, readTid1500 } from '../../support/tid1500Reader.js';

const mr = testData('mr-head-t1-siemens-xa30-classic');
let work: string;
let inputFiles: string[];
let result: ServiceResult;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-intracranial-'));
  inputFiles = (await readdir(mr)).map((f) => join(mr, f));
  result = await runService('intracranial-seg', inputFiles, work);
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('intracranial-seg on the real Siemens XA30 T1 series', () => {
  it('writes a valid SEG and a TID 1500 SR with the volume, referencing the input exactly', async () => {
    const [segPath, srPath] = result.outputFiles;
    expect(segPath).toMatch(/brain-seg\.dcm$/);
    expect((await dciodvfy(segPath!)).errors).toEqual([]);
    expect((await dciodvfy(srPath!)).errors).toEqual([]);
    const dump = await dsrdump(srPath!);
    expect(dump.code).toBe(0);
    expect(dump.complaints).toBe('');

    const seg = await readNatural(segPath!);
    const input = await Promise.all(inputFiles.map(readNatural));
    const uids = new Set(input.map((d) => d.SOPInstanceUID));
    expect(seg.StudyInstanceUID).toBe(input[0]!.StudyInstanceUID);
    expect(seg.FrameOfReferenceUID).toBe(input[0]!.FrameOfReferenceUID);
    for (const frame of seg.PerFrameFunctionalGroupsSequence as Record<string, unknown>[]) {
      const source = (frame.DerivationImageSequence as Record<string, unknown>)
        .SourceImageSequence as Record<string, unknown>;
      expect(uids.has(source.ReferencedSOPInstanceUID)).toBe(true);
    }

    const report = await readTid1500(srPath!);
    expect(report.groups).toHaveLength(1);
    const volume = report.groups[0]!.numbers['SCT:118565006']!;
    expect(volume.unit).toBe('ml');
    // The adapter's voxel count of the SEG is the SR's volume (2 mm voxels: 8 µl each).
    const read = await readWithCornerstoneAdapter(inputFiles, segPath!);
    expect(read.labels).toEqual(['Brain']);
    expect((read.segments.get(1)!.voxels * 8) / 1000).toBeCloseTo(volume.value, 1);
    // The object in this series fills much of the field of view (256 x 256 x 192 mm), not all of it.
    expect(volume.value).toBeGreaterThan(500);
    expect(volume.value).toBeLessThan((0.5 * 256 * 256 * 192) / 1000);
  }, 60_000);
});

/** A synthetic T1 head: white and grey matter, ventricles, CSF rim, skull, bright scalp fat. */
function syntheticHead(): {
  volume: ScalarVolume;
  brainMl: number;
  inScalp: (i: number, j: number, k: number) => boolean;
} {
  const n: [number, number, number] = [96, 96, 80];
  const s = 2;
  const random = new SeededRandom(3);
  const data = new Float32Array(n[0] * n[1] * n[2]);
  const axes = [65, 80, 60];
  const radius = (i: number, j: number, k: number, grow: number): number =>
    Math.hypot(
      ((i - 47.5) * s) / (axes[0]! + grow),
      ((j - 47.5) * s) / (axes[1]! + grow),
      ((k - 39.5) * s) / (axes[2]! + grow),
    );
  const inScalp = (i: number, j: number, k: number): boolean =>
    radius(i, j, k, 9) > 1 && radius(i, j, k, 14) <= 1;
  for (let k = 0; k < n[2]; k++)
    for (let j = 0; j < n[1]; j++)
      for (let i = 0; i < n[0]; i++) {
        let value = 5;
        if (radius(i, j, k, 0) <= 0.7) value = 500;
        else if (radius(i, j, k, 0) <= 1) value = 350;
        else if (radius(i, j, k, 3) <= 1) value = 80;
        else if (radius(i, j, k, 9) <= 1) value = 20;
        else if (inScalp(i, j, k)) value = 450;
        if (Math.hypot((i - 47.5) * s, (j - 42) * s, (k - 39.5) * s) < 12) value = 80;
        data[k * n[0] * n[1] + j * n[0] + i] = value + 10 * random.normal();
      }
  const volume: ScalarVolume = {
    data,
    dimensions: n,
    spacing: [s, s, s],
    origin: [0, 0, 0],
    rowDirection: [1, 0, 0],
    columnDirection: [0, 1, 0],
    sliceDirection: [0, 0, 1],
  };
  return { volume, brainMl: ((4 / 3) * Math.PI * axes[0]! * axes[1]! * axes[2]!) / 1000, inScalp };
}

describe('segmentBrain', () => {
  it('keeps the brain with its ventricles and strips skull and scalp', () => {
    const { volume, brainMl, inScalp } = syntheticHead();
    const mask = segmentBrain(volume, 'MR');
    const [nx, ny, nz] = volume.dimensions;
    let count = 0;
    let scalp = 0;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          if (mask[k * nx * ny + j * nx + i] !== 1) continue;
          count++;
          if (inScalp(i, j, k)) scalp++;
        }
    expect(scalp).toBe(0);
    expect(Math.abs((count * 8) / 1000 - brainMl) / brainMl).toBeLessThan(0.06);
    // The ventricle (CSF-dark) at the centre is inside the mask.
    expect(mask[40 * nx * ny + 42 * nx + 48]).toBe(1);
  });
});

describe('intracranial-seg with a Japanese patient name', () => {
  it('copies the name into SEG and SR as UTF-8', async () => {
    const { volume } = syntheticHead();
    const [nx, ny, nz] = volume.dimensions;
    const folder = join(work, 'japanese');
    await mkdir(folder, { recursive: true });
    const study = newUid();
    const series = newUid();
    const frame = newUid();
    const name = 'ヤマダ^タロウ=山田^太郎';
    for (let k = 0; k < nz; k++) {
      const pixels = Uint16Array.from(volume.data.subarray(k * nx * ny, (k + 1) * nx * ny), (v) =>
        Math.max(0, Math.round(v)),
      );
      const bytes = encodePart10({
        SpecificCharacterSet: 'ISO_IR 192',
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
        SOPInstanceUID: newUid(),
        Modality: 'MR',
        PatientName: name,
        PatientID: 'JP-1',
        StudyInstanceUID: study,
        SeriesInstanceUID: series,
        FrameOfReferenceUID: frame,
        ImagePositionPatient: ['0', '0', String(2 * k)],
        ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
        PixelSpacing: ['2', '2'],
        Rows: ny,
        Columns: nx,
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        PixelData: [pixels.buffer],
        _vrMap: { PixelData: 'OW' },
      });
      await writeFile(join(folder, `${k}.dcm`), bytes);
    }
    const out = await runService(
      'intracranial-seg',
      (await readdir(folder)).map((f) => join(folder, f)),
      join(work, 'japanese-out'),
    );
    for (const file of out.outputFiles) {
      const dataset = await readNatural(file);
      expect(dataset.SpecificCharacterSet).toBe('ISO_IR 192');
      expect([dataset.PatientName].flat()[0]).toMatchObject({
        Alphabetic: 'ヤマダ^タロウ',
        Ideographic: '山田^太郎',
      });
      expect((await dciodvfy(file)).errors).toEqual([]);
    }
  }, 60_000);
});
