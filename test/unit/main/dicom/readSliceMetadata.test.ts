import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSliceMetadata } from '../../../../main/dicom/readSliceMetadata.js';
import { SliceMetadata } from '../../../../preload/contract/index.js';
import { axialPositions, writeSyntheticSeries } from '../../../support/syntheticSeries.js';
import { testData } from '../../../support/paths.js';

const CT = testData('ct-transfer-syntaxes-cornerstone');
let folder = '';
let files: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-slice-metadata-'));
  files = await writeSyntheticSeries({
    folder,
    modality: 'CT',
    description: 'Slice metadata',
    seriesNumber: 4,
    rows: 32,
    columns: 24,
    pixelSpacing: [0.7, 0.6],
    positions: axialPositions(3, 1.25, [-10, -20, 5]),
    voxel: () => 1024,
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.79',
  });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('slice metadata from headers', () => {
  it('gives each slice its position, orientation, spacing, pixel description and CT rescale, as the contract says', async () => {
    const slices = await Promise.all(files.map((file) => readSliceMetadata(file)));
    for (const slice of slices) expect(SliceMetadata.safeParse(slice).success).toBe(true);
    expect(slices.map((slice) => slice.imagePositionPatient)).toEqual([
      [-10, -20, 5],
      [-10, -20, 6.25],
      [-10, -20, 7.5],
    ]);
    expect(slices[1]).toMatchObject({
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      pixelSpacing: [0.7, 0.6],
      rows: 32,
      columns: 24,
      bitsAllocated: 16,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      rescaleIntercept: -1024,
      rescaleSlope: 1,
      windowCenter: [40],
      windowWidth: [400],
      instanceNumber: 2,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
    });
  });

  it('reads compressed and deflated files alike (the header is all it needs)', async () => {
    const names = (await readdir(CT)).filter((name) =>
      /Deflated|JPEG2000Lossless|RLELossless|LittleEndianExplicit/.test(name),
    );
    expect(names.length).toBeGreaterThanOrEqual(4);
    const slices = await Promise.all(names.map((name) => readSliceMetadata(join(CT, name))));
    for (const slice of slices) {
      expect(SliceMetadata.safeParse(slice).success).toBe(true);
      expect(slice).toMatchObject({
        rows: slices[0]!.rows,
        columns: slices[0]!.columns,
        imagePositionPatient: slices[0]!.imagePositionPatient,
      });
    }
  });
});
