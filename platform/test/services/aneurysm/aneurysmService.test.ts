import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePhantom, type PhantomTruth } from '../../../phantom/generatePhantom.js';
import { runService, type ServiceResult } from '../../../services/runService.js';
import { findingsFileSchema, type FindingsFile } from '../../../services/findingsJson.js';
import { ServiceInputError } from '../../../dicom/serviceInputError.js';
import { testData } from '../../support/paths.js';
import { dciodvfy, dsrdump } from '../../support/dicomTools.js';
import { readNatural, readTid1500 } from '../../support/tid1500Reader.js';
import { readWithCornerstoneAdapter } from '../../support/cornerstoneSeg.js';

// Seed 9 (a training seed) has three aneurysms of 5.3, 8.5 and 11.7 mm; seed 2 has none.
// 0.5 mm voxels, the benchmark's resolution, in a smaller field of view (96 x 96 x 50 mm).
const options = {
  size: [192, 192, 100] as [number, number, number],
  spacing: [0.5, 0.5, 0.5] as [number, number, number],
};
let work: string;
let truth: PhantomTruth;
let result: ServiceResult;
let inputFiles: string[];
let findings: FindingsFile;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-aneurysm-'));
  truth = await generatePhantom({ seed: 9, ...options }, join(work, 'in'));
  inputFiles = (await readdir(join(work, 'in'))).map((f) => join(work, 'in', f));
  result = await runService('aneurysm-mra', inputFiles, join(work, 'out'));
  findings = findingsFileSchema.parse(JSON.parse(await readFile(result.findingsJson!, 'utf8')));
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const distance = (a: number[], b: number[]): number =>
  Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

describe('aneurysm-mra on a phantom', () => {
  it('finds every aneurysm, with size and centre, and nothing else (measured on a phantom)', () => {
    expect(truth.aneurysms).toHaveLength(3);
    expect(findings.findings).toHaveLength(3);
    for (const aneurysm of truth.aneurysms) {
      const match = findings.findings.find(
        (f) => distance(f.center_mm, aneurysm.center_mm) <= aneurysm.diameter_mm / 2 + 2,
      );
      expect(match, `aneurysm of ${aneurysm.diameter_mm} mm`).toBeDefined();
      expect(
        Math.abs(match!.diameter_mm - aneurysm.diameter_mm) / aneurysm.diameter_mm,
      ).toBeLessThan(0.2);
      // The dome's voxels: most of the sphere, never much more than it.
      const sphere = (Math.PI / 6) * aneurysm.diameter_mm ** 3;
      expect(match!.volume_mm3).toBeGreaterThan(0.6 * sphere);
      expect(match!.volume_mm3).toBeLessThan(1.4 * sphere);
      expect(match!.confidence).toBeGreaterThan(0.5);
    }
  });

  it('writes a SEG that passes dciodvfy and references the input exactly', async () => {
    const segPath = result.outputFiles.find((f) => f.endsWith('seg.dcm'))!;
    expect((await dciodvfy(segPath)).errors).toEqual([]);
    const seg = await readNatural(segPath);
    const input = await Promise.all(inputFiles.filter((f) => f.endsWith('.dcm')).map(readNatural));
    const uids = new Set(input.map((d) => d.SOPInstanceUID));
    expect(seg.StudyInstanceUID).toBe(input[0]!.StudyInstanceUID);
    expect(seg.FrameOfReferenceUID).toBe(input[0]!.FrameOfReferenceUID);
    expect(seg.PatientID).toBe(input[0]!.PatientID);
    expect(seg.SeriesInstanceUID).not.toBe(input[0]!.SeriesInstanceUID);
    const perFrame = seg.PerFrameFunctionalGroupsSequence as Record<string, unknown>[];
    const positions = new Map(
      input.map((d) => [d.SOPInstanceUID, (d.ImagePositionPatient as number[]).map(Number)]),
    );
    for (const frame of perFrame) {
      const source = (frame.DerivationImageSequence as Record<string, unknown>)
        .SourceImageSequence as Record<string, unknown>;
      expect(uids.has(source.ReferencedSOPInstanceUID)).toBe(true);
      // Each frame lies exactly on the slice it was derived from.
      const framePosition = ([frame.PlanePositionSequence].flat()[0] as Record<string, unknown>)
        .ImagePositionPatient as number[];
      expect(framePosition.map(Number)).toEqual(positions.get(source.ReferencedSOPInstanceUID));
    }
    const referenced = seg.ReferencedSeriesSequence as Record<string, unknown>;
    expect(referenced.SeriesInstanceUID).toBe(input[0]!.SeriesInstanceUID);
    // IHE AIR: the algorithm in Contributing Equipment, with maker, model, version and device UID.
    const equipment = ([seg.ContributingEquipmentSequence].flat()[0] ?? {}) as Record<
      string,
      unknown
    >;
    expect(equipment).toMatchObject({
      Manufacturer: 'Mitate reference platform',
      ManufacturerModelName: 'MitateAneurysmTOF',
      SoftwareVersions: '1.0.0',
    });
    expect(String(equipment.DeviceUID)).toMatch(/^2\.25\.\d+$/);
    expect(String(equipment.ContributionDescription)).toMatch(
      /not for clinical use\. Validated on synthetic phantoms only, never on patient data: .* sensitivity 0\.\d\d at 0\.\d false positives per case\. Not a medical device\./,
    );
  });

  it('writes a TID 1500 SR that dsrdump reads cleanly and a generic reader understands', async () => {
    const srPath = result.outputFiles.find((f) => f.endsWith('sr.dcm'))!;
    expect((await dciodvfy(srPath)).errors).toEqual([]);
    const dump = await dsrdump(srPath);
    expect(dump.code).toBe(0);
    expect(dump.complaints).toBe('');
    expect(dump.text).toContain('Imaging Measurement Report');
    const report = await readTid1500(srPath);
    expect(report.templateIdentifier).toBe('1500');
    expect(report.dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    const segPath = result.outputFiles.find((f) => f.endsWith('seg.dcm'))!;
    const seg = await readNatural(segPath);
    // The SR carries the same validation statement as the SEG.
    const srEquipment = ([report.dataset.ContributingEquipmentSequence].flat()[0] ?? {}) as Record<
      string,
      unknown
    >;
    expect(String(srEquipment.ContributionDescription)).toContain(
      'Validated on synthetic phantoms only',
    );
    expect(String(srEquipment.ContributionDescription)).toContain('Not a medical device');
    expect(report.observerDeviceUid).toBe(
      (seg.ContributingEquipmentSequence as Record<string, unknown>).DeviceUID,
    );
    expect(report.groups).toHaveLength(findings.findings.length);
    report.groups.forEach((group, n) => {
      const finding = findings.findings[n]!;
      expect(group.finding).toBe('Intracranial aneurysm');
      expect(group.referencedSegment).toEqual({
        sopInstanceUid: seg.SOPInstanceUID,
        segmentNumber: n + 1,
      });
      expect(group.numbers['SCT:118565006']!.value).toBeCloseTo(finding.volume_mm3, 0);
      expect(group.numbers['SCT:118565006']!.unit).toBe('mm3');
      expect(group.numbers['SCT:81827009']!.value).toBeCloseTo(finding.diameter_mm, 1);
      expect(group.numbers['99MITATE:CANDCONF']!.value).toBeCloseTo(finding.confidence, 2);
      expect(distance(group.points['DCM:111010']!.coordinates, finding.center_mm)).toBeLessThan(
        0.05,
      );
      expect(group.points['DCM:111010']!.frameOfReferenceUid).toBe(seg.FrameOfReferenceUID);
    });
  });

  it('writes a SEG that @cornerstonejs/adapters reads back into the same segments', async () => {
    const segPath = result.outputFiles.find((f) => f.endsWith('seg.dcm'))!;
    const read = await readWithCornerstoneAdapter(
      inputFiles.filter((f) => f.endsWith('.dcm')),
      segPath,
    );
    expect(read.labels).toEqual(findings.findings.map((_, n) => `Aneurysm candidate ${n + 1}`));
    findings.findings.forEach((finding, n) => {
      const segment = read.segments.get(n + 1)!;
      expect(segment.voxels * 0.5 ** 3).toBeCloseTo(finding.volume_mm3, 0);
      // The segment's centroid lies inside the dome around the reported centre.
      expect(distance(segment.centroid, finding.center_mm)).toBeLessThan(finding.diameter_mm / 2);
    });
  }, 60_000);

  it('reports nothing on a phantom without aneurysms: SR and empty findings, no SEG', async () => {
    const folder = join(work, 'none');
    const none = await generatePhantom(
      { seed: 2, size: [128, 128, 100], spacing: [0.6, 0.6, 0.6] },
      join(folder, 'in'),
    );
    expect(none.aneurysms).toHaveLength(0);
    const files = (await readdir(join(folder, 'in'))).map((f) => join(folder, 'in', f));
    const empty = await runService('aneurysm-mra', files, join(folder, 'out'));
    expect(empty.outputFiles.map((f) => f.split('/').pop())).toEqual(['aneurysm-sr.dcm']);
    expect(JSON.parse(await readFile(empty.findingsJson!, 'utf8'))).toEqual({ findings: [] });
    expect((await dciodvfy(empty.outputFiles[0]!)).errors).toEqual([]);
    expect((await readTid1500(empty.outputFiles[0]!)).groups).toEqual([]);
  }, 60_000);

  it('refuses input it cannot use (one CT image) with an error that names no file or patient', async () => {
    const ct = testData('ct-transfer-syntaxes-cornerstone');
    const files = (await readdir(ct))
      .map((f) => join(ct, f))
      .filter((f) => f.endsWith('CTImage.dcm'));
    const failure = await runService('aneurysm-mra', files, join(work, 'ct')).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceInputError);
    expect((failure as Error).message).not.toMatch(/\/|\.dcm/);
  });
});
