/** What the viewer learns of a series' images from main, and where their bytes are served. */
import { z } from 'zod';
import { Finite, Uid } from './shared.js';

/**
 * What a viewer needs of one slice to place and scale it before its pixels arrive (PS3.3
 * C.7.6.2 Image Plane, C.7.6.3 Image Pixel, C.11.1 Modality LUT, C.11.2 VOI LUT): read from the
 * header by main, so a volume can be laid out at once and filled slice by slice.
 */
export const SliceMetadata = z.object({
  sopInstanceUid: Uid,
  sopClassUid: Uid,
  instanceNumber: z.number().int().nullable(),
  transferSyntaxUid: Uid,
  frameOfReferenceUid: Uid,
  imagePositionPatient: z.tuple([Finite, Finite, Finite]).nullable(),
  imageOrientationPatient: z.tuple([Finite, Finite, Finite, Finite, Finite, Finite]).nullable(),
  /** Row spacing, then column spacing (PS3.3 C.7.6.2.1.1), mm. */
  pixelSpacing: z.tuple([Finite, Finite]).nullable(),
  sliceThickness: Finite.nullable(),
  rows: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
  samplesPerPixel: z.number().int().positive(),
  photometricInterpretation: z.string().max(16),
  bitsAllocated: z.number().int().positive(),
  bitsStored: z.number().int().positive(),
  highBit: z.number().int().nonnegative(),
  pixelRepresentation: z.union([z.literal(0), z.literal(1)]),
  rescaleSlope: Finite.nullable(),
  rescaleIntercept: Finite.nullable(),
  rescaleType: z.string().max(16),
  windowCenter: z.array(Finite).max(16),
  windowWidth: z.array(Finite).max(16),
});
export type SliceMetadata = z.infer<typeof SliceMetadata>;

export const SeriesMetadata = z.object({
  modality: z.string().max(16),
  seriesInstanceUid: Uid,
  studyInstanceUid: Uid,
  seriesNumber: z.number().int().nullable(),
  /** One per instance, in the order of the series' `instances`. */
  slices: z.array(SliceMetadata).max(20_000),
});
export type SeriesMetadata = z.infer<typeof SeriesMetadata>;

/** URL path under which the host serves an instance's bytes to the image loader. */
export const INSTANCE_URL_PREFIX = '/dicom/';
