import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMeasurementReport } from '../../../../main/results/measurementReport.js';
import { platformCommand } from '../../../support/platformCommand.js';
import { testData } from '../../../support/paths.js';

const run = promisify(execFile);
interface FindingsFile {
  findings: {
    center_mm: [number, number, number];
    diameter_mm: number;
    volume_mm3: number;
    confidence: number;
  }[];
}

/**
 * The generic TID 1500 reader on three writers' reports: our reference service (checked against
 * its findings.json), highdicom's planar ROI report and dcmqi's volumetric PET report.
 */
let work: string;
let findings: FindingsFile;

// The platform's command line, as a user of the app would run it (the app never imports platform/).
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-review-'));
  const cli = platformCommand;
  await run(process.execPath, [
    cli,
    'phantom',
    '--seed',
    '7',
    '--size',
    '96x96x100',
    '--out',
    join(work, 'in'),
  ]);
  await run(process.execPath, [
    cli,
    'analyze',
    '--service',
    'aneurysm-mra',
    '--in',
    join(work, 'in'),
    '--out',
    join(work, 'out'),
  ]);
  findings = JSON.parse(await readFile(join(work, 'out', 'findings.json'), 'utf8')) as FindingsFile;
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('generic TID 1500 reader', () => {
  it('reads our aneurysm report: one finding per findings.json entry, size, volume, confidence, centre, segment and algorithm', async () => {
    const srPath = join(work, 'out', 'aneurysm-sr.dcm');
    const report = readMeasurementReport(await readFile(srPath))!;
    expect(findings.findings.length).toBeGreaterThan(0);
    expect(report.findings).toHaveLength(findings.findings.length);
    for (const [index, expected] of findings.findings.entries()) {
      const read = report.findings[index]!;
      expect(read.sizeMm).toBeCloseTo(expected.diameter_mm, 1);
      expect(read.volumeMm3!).toBeCloseTo(expected.volume_mm3, 0);
      expect(read.confidence!).toBeCloseTo(expected.confidence, 2);
      expect(read.centre!.x).toBeCloseTo(expected.center_mm[0], 1);
      expect(read.centre!.y).toBeCloseTo(expected.center_mm[1], 1);
      expect(read.centre!.z).toBeCloseTo(expected.center_mm[2], 1);
      expect(read.findingType).toMatch(/aneurysm/i);
      expect(read.segment?.segmentNumber).toBeGreaterThan(0);
      expect(read.trackingUid).toMatch(/^[0-9.]+$/);
    }
    expect(report.algorithm?.name).toBeTruthy();
    expect(report.algorithm?.version).toMatch(/\d/);
  });

  it('reads the highdicom report (TID 1410 planar ROI): finding, site, area in cm2 and the source image', async () => {
    const report = readMeasurementReport(
      await readFile(testData('deid-references/highdicom/sr_document.dcm')),
    )!;
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding!.trackingId).toBe('Planar ROI Measurements');
    expect(finding!.findingType).toBe('Spinal cord');
    expect(finding!.findingSite).toBe('Cervico-thoracic spine');
    expect(finding!.measurements).toEqual([
      expect.objectContaining({ name: 'Area of defined region', value: 1.7, unit: 'cm2' }),
    ]);
    expect(finding!.imageSopInstanceUid).toMatch(/^[0-9.]+$/);
    expect(report.algorithm).toBeUndefined();
  });

  it('reads the dcmqi PET report (TID 1411): tracking identifier, SUV measurements with derivation, volume in ml as mm3, segment', async () => {
    const report = readMeasurementReport(await readFile(testData('sr-tid1500-dcmqi-pet/sr.dcm')))!;
    expect(report.findings.length).toBeGreaterThan(0);
    const tumor = report.findings.find((f) => f.trackingId === 'primary tumor')!;
    expect(tumor.findingType).toBe('Neoplasm, Primary');
    expect(tumor.findingSite).toBe('pharyngeal tonsil (adenoid)');
    expect(tumor.volumeMm3).toBeCloseTo(33582.4, 0);
    expect(tumor.segment).toEqual({
      sopInstanceUid: expect.stringMatching(/^[0-9.]+$/),
      segmentNumber: 1,
    });
    expect(tumor.measurements).toContainEqual(
      expect.objectContaining({ name: 'SUVbw', value: 10.3814, derivation: 'Maximum' }),
    );
  });

  it('returns no findings for an SR without Imaging Measurements', async () => {
    const report = readMeasurementReport(
      await readFile(testData('deid-references/orthanc-sr/IM0')),
    );
    expect(report?.findings ?? []).toEqual([]);
  });
});
