import { join } from 'node:path';
import {
  algorithmIdentity,
  codes,
  newUid,
  readSeries,
  ServiceInputError,
  type SourceSeries,
  writeMeasurementReport,
  writeSegmentation,
} from '../../dicom/index.js';
import { voxelToPatient } from '../../volume/index.js';
import { writeFileAtomic } from '@mitate/atomic-write';
import type { ServiceResult } from '../serviceResult.js';
import { segmentBrain } from './segmentBrain.js';

export const intracranialAlgorithm = algorithmIdentity('MitateIntracranialSeg', '1.0.0');

/** Intracranial segmentation of a head MR or CT: the brain mask as SEG, its volume in a TID 1500 SR. */
export async function runIntracranialService(
  inputFiles: string[],
  outDir: string,
): Promise<ServiceResult> {
  const source = await readSeries(inputFiles);
  if (source.modality !== 'MR' && source.modality !== 'CT')
    throw new ServiceInputError('intracranial-seg needs a head MR or CT');
  if (source.volume.dimensions[2] < 10)
    throw new ServiceInputError('intracranial-seg needs a 3D series of at least 10 slices');
  const mask = segmentBrain(source.volume, source.modality);
  const indices: number[] = [];
  let si = 0;
  let sj = 0;
  let sk = 0;
  const [nx, ny] = source.volume.dimensions;
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] === 0) continue;
    indices.push(v);
    const k = Math.floor(v / (nx * ny));
    const j = Math.floor((v - k * nx * ny) / nx);
    si += v - k * nx * ny - j * nx;
    sj += j;
    sk += k;
  }
  if (indices.length === 0)
    throw new ServiceInputError('intracranial-seg found no brain in this series');
  const volumeMl = maskVolumeMl(source, indices);
  const n = indices.length;
  const now = new Date();
  const seg = writeSegmentation(
    source,
    [
      {
        label: 'Brain',
        category: codes.anatomicalStructure,
        type: codes.brain,
        voxels: Int32Array.from(indices),
        cieLab: [43000, 46000, 39000],
      },
    ],
    intracranialAlgorithm,
    {
      seriesNumber: 911,
      seriesDescription: 'AI brain mask (reference, not for clinical use)',
      contentLabel: 'BRAIN',
      now,
    },
  );
  const sr = writeMeasurementReport(
    source,
    [
      {
        trackingIdentifier: 'Brain',
        trackingUid: newUid(),
        finding: codes.brain,
        segmentNumber: 1,
        centerMm: voxelToPatient(source.volume, si / n, sj / n, sk / n),
        volume: { value: volumeMl, unit: codes.ml },
      },
    ],
    intracranialAlgorithm,
    {
      seriesNumber: 912,
      seriesDescription: 'AI brain volume (reference, not for clinical use)',
      procedure: source.modality === 'CT' ? codes.ctImaging : codes.mrImaging,
      segmentation: seg,
      now,
    },
  );
  const segPath = join(outDir, 'brain-seg.dcm');
  const srPath = join(outDir, 'brain-sr.dcm');
  await writeFileAtomic(segPath, seg.bytes);
  await writeFileAtomic(srPath, sr.bytes);
  return { outputFiles: [segPath, srPath] };
}

/**
 * Mask volume with each slice's own thickness: half the distance to the slice before plus half
 * to the slice after, along the normal. Series with uneven spacing (a gantry-tilted CT with
 * 1–7 mm gaps) would be mismeasured by one average step.
 */
function maskVolumeMl(source: SourceSeries, indices: number[]): number {
  const [nx, ny, nz] = source.volume.dimensions;
  const [dx, dy] = source.volume.spacing;
  const normal = source.volume.sliceDirection;
  const along = source.slicePositions.map(
    (p) => p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2],
  );
  const thickness = along.map((_, k) => {
    const before = k > 0 ? along[k]! - along[k - 1]! : along[k + 1]! - along[k]!;
    const after = k < nz - 1 ? along[k + 1]! - along[k]! : before;
    return (before + after) / 2;
  });
  const perSlice = new Float64Array(nz);
  for (const v of indices) {
    const k = Math.floor(v / (nx * ny));
    perSlice[k] = perSlice[k]! + 1;
  }
  let mm3 = 0;
  for (let k = 0; k < nz; k++) mm3 += perSlice[k]! * dx * dy * thickness[k]!;
  return mm3 / 1000;
}
