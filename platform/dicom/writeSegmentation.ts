import { codeItem, codes, type Code } from './codes.js';
import { decimalString, encodePart10, type NaturalDataset } from './part10.js';
import type { AlgorithmIdentity } from './algorithmIdentity.js';
import type { SourceSeries } from './readSeries.js';
import { resultHeader } from './resultHeader.js';
import { newUid } from './uid.js';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SegmentInput {
  label: string;
  category: Code;
  type: Code;
  /** Indices into the source volume (k·rows·columns + j·columns + i). */
  voxels: Int32Array;
  /** CIELab colour for display, scaled to 0–65535 (PS3.3 C.10.7.1.1). */
  cieLab: [number, number, number];
}

export interface WrittenSegmentation {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

/**
 * A binary DICOM Segmentation (PS3.3 A.51, C.8.20) over the source series: one frame per
 * segment and slice that the segment touches (empty frames are left out, C.8.20.2.2), each
 * frame derived from its source slice (Derivation Image Sequence, as IHE AIR and viewers
 * expect), frames bit-packed without padding between them (PS3.5 8.1.1).
 */
export function writeSegmentation(
  source: SourceSeries,
  segments: SegmentInput[],
  algorithm: AlgorithmIdentity,
  options: { seriesNumber: number; seriesDescription: string; contentLabel: string; now?: Date },
): WrittenSegmentation {
  if (segments.length === 0) throw new Error('a segmentation needs at least one segment');
  const volume = source.volume;
  const [columns, rows] = volume.dimensions;
  const framePixels = rows * columns;
  const header = resultHeader(
    source,
    algorithm,
    SEGMENTATION_STORAGE,
    'SEG',
    options.seriesNumber,
    options.seriesDescription,
    options.now ?? new Date(),
  );

  // Which slices each segment touches, in slice order.
  const frames: { segment: number; slice: number; voxels: Int32Array }[] = [];
  segments.forEach((segment, s) => {
    const bySlice = new Map<number, number[]>();
    for (const index of segment.voxels) {
      const k = Math.floor(index / framePixels);
      let list = bySlice.get(k);
      if (list === undefined) bySlice.set(k, (list = []));
      list.push(index - k * framePixels);
    }
    for (const k of [...bySlice.keys()].sort((a, b) => a - b))
      frames.push({ segment: s + 1, slice: k, voxels: Int32Array.from(bySlice.get(k)!) });
  });

  const totalBits = frames.length * framePixels;
  const pixels = new Uint8Array(Math.ceil(totalBits / 8 / 2) * 2);
  frames.forEach((frame, f) => {
    const offset = f * framePixels;
    for (const pixel of frame.voxels) {
      const bit = offset + pixel;
      pixels[bit >> 3] = pixels[bit >> 3]! | (1 << (bit & 7));
    }
  });

  const dimensionOrganizationUid = newUid();
  const position = (k: number): string[] => source.slicePositions[k]!.map(decimalString);
  const referencedInstances = [...new Set(frames.map((f) => f.slice))]
    .sort((a, b) => a - b)
    .map((k) => ({
      ReferencedSOPClassUID: source.sopClassUid,
      ReferencedSOPInstanceUID: source.sopInstanceUids[k]!,
    }));

  const dataset: NaturalDataset = {
    ...header,
    ImageType: ['DERIVED', 'PRIMARY'],
    FrameOfReferenceUID: source.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ContentLabel: options.contentLabel,
    ContentDescription: options.seriesDescription,
    ContentCreatorName: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    SegmentsOverlap: 'NO',
    NumberOfFrames: String(frames.length),
    SegmentSequence: segments.map((segment, s) => ({
      SegmentNumber: s + 1,
      SegmentLabel: segment.label,
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: algorithm.name,
      SegmentedPropertyCategoryCodeSequence: [codeItem(segment.category)],
      SegmentedPropertyTypeCodeSequence: [codeItem(segment.type)],
      RecommendedDisplayCIELabValue: segment.cieLab,
    })),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionOrganizationType: '3D',
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x0062000b,
        FunctionalGroupPointer: 0x0062000a,
        DimensionDescriptionLabel: 'ReferencedSegmentNumber',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x00200032,
        FunctionalGroupPointer: 0x00209113,
        DimensionDescriptionLabel: 'ImagePositionPatient',
      },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [
          {
            PixelSpacing: [decimalString(volume.spacing[1]), decimalString(volume.spacing[0])],
            SliceThickness: decimalString(volume.spacing[2]),
            SpacingBetweenSlices: decimalString(volume.spacing[2]),
          },
        ],
        PlaneOrientationSequence: [
          {
            ImageOrientationPatient: [...volume.rowDirection, ...volume.columnDirection].map(
              decimalString,
            ),
          },
        ],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => ({
      DerivationImageSequence: [
        {
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: source.sopClassUid,
              ReferencedSOPInstanceUID: source.sopInstanceUids[frame.slice]!,
              PurposeOfReferenceCodeSequence: [codeItem(codes.sourceImageForProcessing)],
            },
          ],
          DerivationCodeSequence: [codeItem(codes.segmentation)],
        },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [frame.segment, frame.slice + 1] }],
      PlanePositionSequence: [{ ImagePositionPatient: position(frame.slice) }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: frame.segment }],
    })),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: source.seriesInstanceUid,
        ReferencedInstanceSequence: referencedInstances,
      },
    ],
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OB' },
  };
  return {
    bytes: encodePart10(dataset),
    sopInstanceUid: header.SOPInstanceUID as string,
    seriesInstanceUid: header.SeriesInstanceUID as string,
  };
}
