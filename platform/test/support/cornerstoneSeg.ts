import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readNatural } from './tid1500Reader.js';

type Natural = Record<string, unknown>;

/**
 * Reads a SEG with @cornerstonejs/adapters' Cornerstone3D reader (createFromDICOMSegBuffer), the
 * code the viewer uses, given the source images' metadata the way cornerstone's own metadata
 * providers would give it. Returns segment labels and, per segment, voxel count and centroid
 * (world coordinates) as the adapter computed them.
 */
export async function readWithCornerstoneAdapter(
  sourceFiles: string[],
  segPath: string,
): Promise<{ labels: string[]; segments: Map<number, { voxels: number; centroid: number[] }> }> {
  const adapters = await import('@cornerstonejs/adapters');
  const core = await import('@cornerstonejs/core');
  const metadata = new Map<string, Natural>();
  const imageIds: string[] = [];
  for (const file of sourceFiles) {
    const dataset = await readNatural(file);
    delete dataset.PixelData;
    const imageId = `mitate-test:${basename(file)}`;
    imageIds.push(imageId);
    metadata.set(imageId, dataset);
  }
  const numbers = (value: unknown): number[] =>
    Array.isArray(value) ? value.map(Number) : [Number(value)];
  const provider = (type: string, imageId: unknown): unknown => {
    const d = metadata.get(String(imageId));
    if (d === undefined) return undefined;
    const orientation = numbers(d.ImageOrientationPatient);
    const spacing = numbers(d.PixelSpacing);
    switch (type) {
      case 'instance':
        return d;
      case 'generalImageModule':
        return { sopInstanceUID: d.SOPInstanceUID, instanceNumber: Number(d.InstanceNumber) };
      case 'generalSeriesModule':
        return { modality: d.Modality, seriesInstanceUID: d.SeriesInstanceUID };
      case 'imagePlaneModule':
        return {
          rows: d.Rows,
          columns: d.Columns,
          imageOrientationPatient: orientation,
          rowCosines: orientation.slice(0, 3),
          columnCosines: orientation.slice(3),
          imagePositionPatient: numbers(d.ImagePositionPatient),
          pixelSpacing: spacing,
          rowPixelSpacing: spacing[0],
          columnPixelSpacing: spacing[1],
          frameOfReferenceUID: d.FrameOfReferenceUID,
          sliceThickness: Number(d.SliceThickness),
        };
      case 'imagePixelModule':
        return {
          samplesPerPixel: 1,
          photometricInterpretation: 'MONOCHROME2',
          rows: d.Rows,
          columns: d.Columns,
          bitsAllocated: d.BitsAllocated,
          bitsStored: d.BitsStored,
          highBit: d.HighBit,
          pixelRepresentation: d.PixelRepresentation,
        };
      default:
        return undefined;
    }
  };
  core.metaData.addProvider(provider, 10_000);
  try {
    const bytes = await readFile(segPath);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const result = await adapters.adaptersSEG.Cornerstone3D.Segmentation.createFromDICOMSegBuffer(
      imageIds,
      buffer,
      { metadataProvider: { get: provider } },
    );
    const labels = (result.segMetadata.data as ({ SegmentLabel: string } | undefined)[])
      .filter((d) => d !== undefined)
      .map((d) => d.SegmentLabel);
    const segments = new Map<number, { voxels: number; centroid: number[] }>();
    for (const [segment, centroid] of result.centroids as Map<
      number,
      { world: { x: number; y: number; z: number }; count: number }
    >) {
      segments.set(segment, {
        voxels: centroid.count,
        centroid: [centroid.world.x, centroid.world.y, centroid.world.z],
      });
    }
    return { labels, segments };
  } finally {
    core.metaData.removeProvider(provider);
  }
}
