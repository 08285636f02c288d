import { join } from 'node:path';
import {
  algorithmIdentity,
  codes,
  newUid,
  readSeries,
  type ReportedFinding,
  ServiceInputError,
  writeMeasurementReport,
  writeSegmentation,
} from '../../dicom/index.js';
import { writeFileAtomic } from '@mitate/atomic-write';
import { findingsFileText } from '../findingsJson.js';
import type { ServiceResult } from '../serviceResult.js';
import { detectAneurysms } from './detectAneurysms.js';
import { aneurysmValidationStatement } from './validationStatement.js';

// Every SEG and SR names how the algorithm was validated (Contributing Equipment's Contribution
// Description), so that the statement travels with the result wherever it is read.
export const aneurysmAlgorithm = algorithmIdentity(
  'MitateAneurysmTOF',
  '1.0.0',
  aneurysmValidationStatement.en,
);

/** Brain aneurysm candidate detection on a TOF MR angiogram: SEG + TID 1500 SR + findings.json. */
export async function runAneurysmService(
  inputFiles: string[],
  outDir: string,
): Promise<ServiceResult> {
  const source = await readSeries(inputFiles);
  if (source.modality !== 'MR') throw new ServiceInputError('aneurysm-mra needs an MR angiogram');
  if (source.volume.dimensions[2] < 20)
    throw new ServiceInputError('aneurysm-mra needs a 3D series of at least 20 slices');
  const candidates = detectAneurysms(source.volume);
  const now = new Date();
  const outputFiles: string[] = [];

  let segmentation: { sopInstanceUid: string; seriesInstanceUid: string } | undefined;
  if (candidates.length > 0) {
    const seg = writeSegmentation(
      source,
      candidates.map((candidate, n) => ({
        label: `Aneurysm candidate ${n + 1}`,
        category: codes.morphologicallyAlteredStructure,
        type: codes.intracranialAneurysm,
        voxels: candidate.voxels,
        cieLab: [54000, 53000, 48000],
      })),
      aneurysmAlgorithm,
      {
        seriesNumber: 901,
        seriesDescription: 'AI aneurysm candidates (phantom-validated, not a device)',
        contentLabel: 'ANEURYSM',
        now,
      },
    );
    const path = join(outDir, 'aneurysm-seg.dcm');
    await writeFileAtomic(path, seg.bytes);
    outputFiles.push(path);
    segmentation = seg;
  }

  const findings: ReportedFinding[] = candidates.map((candidate, n) => ({
    trackingIdentifier: `Aneurysm candidate ${n + 1}`,
    trackingUid: newUid(),
    finding: codes.intracranialAneurysm,
    findingSite: codes.cerebralArtery,
    segmentNumber: n + 1,
    centerMm: candidate.center,
    maximumDiameterMm: candidate.diameter,
    volume: { value: candidate.volumeMm3, unit: codes.mm3 },
    confidence: candidate.confidence,
  }));
  const sr = writeMeasurementReport(source, findings, aneurysmAlgorithm, {
    seriesNumber: 902,
    seriesDescription: 'AI aneurysm report (phantom-validated, not a device)',
    procedure: codes.mrImaging,
    ...(segmentation ? { segmentation } : {}),
    now,
  });
  const srPath = join(outDir, 'aneurysm-sr.dcm');
  await writeFileAtomic(srPath, sr.bytes);
  outputFiles.push(srPath);

  const findingsJson = join(outDir, 'findings.json');
  await writeFileAtomic(
    findingsJson,
    findingsFileText(
      candidates.map((c) => ({
        center_mm: c.center,
        diameter_mm: c.diameter,
        volume_mm3: c.volumeMm3,
        confidence: c.confidence,
      })),
    ),
  );
  return { outputFiles, findingsJson };
}
