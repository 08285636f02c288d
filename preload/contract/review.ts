/** Review: findings read generically from TID 1500 SRs (main/review/), SEG overlays, and the doctor's assessment (IHE AIRA). */
import { z } from 'zod';
import { AiAlgorithm } from './shared.js';

export const ReviewMeasurement = z.object({
  concept: z.string().max(80),
  name: z.string().max(256),
  value: z.number(),
  unit: z.string().max(64),
  derivation: z.string().max(256).optional(),
});
export type ReviewMeasurement = z.infer<typeof ReviewMeasurement>;
/** The algorithm behind an AI object (AiAlgorithm) as a type. */
export type ReviewAlgorithm = z.infer<typeof AiAlgorithm>;
/**
 * A region of a finding as the SR gives it (PS3.3 C.18.6 SCOORD, C.18.9 SCOORD3D): `image` is in
 * column/row of the referenced image with (0,0) at the top left corner of its top left pixel;
 * `patient` is in patient mm of a frame of reference. `points` is the flat Graphic Data.
 */
export const ReviewRegion = z.discriminatedUnion('space', [
  z.object({
    space: z.literal('image'),
    graphicType: z.enum(['POINT', 'MULTIPOINT', 'POLYLINE', 'CIRCLE', 'ELLIPSE']),
    points: z.array(z.number()).min(2).max(2048),
    sopInstanceUid: z.string().max(64),
    frameNumber: z.number().int().positive().optional(),
  }),
  z.object({
    space: z.literal('patient'),
    graphicType: z.enum(['POINT', 'MULTIPOINT', 'POLYLINE', 'POLYGON', 'ELLIPSE', 'ELLIPSOID']),
    points: z.array(z.number()).min(3).max(3072),
    frameOfReferenceUid: z.string().max(64),
  }),
]);
export type ReviewRegion = z.infer<typeof ReviewRegion>;
export const ReviewFinding = z.object({
  trackingId: z.string().max(256),
  trackingUid: z.string().max(64).optional(),
  findingType: z.string().max(256).optional(),
  findingSite: z.string().max(256).optional(),
  measurements: z.array(ReviewMeasurement).max(256),
  sizeMm: z.number().optional(),
  volumeMm3: z.number().optional(),
  confidence: z.number().optional(),
  /** SCOORD3D centre in patient coordinates (mm). */
  centre: z
    .object({
      x: z.number(),
      y: z.number(),
      z: z.number(),
      frameOfReferenceUid: z.string().max(64),
    })
    .optional(),
  segment: z
    .object({ sopInstanceUid: z.string().max(64), segmentNumber: z.number().int() })
    .optional(),
  imageSopInstanceUid: z.string().max(64).optional(),
  /** Image regions (SCOORD, SCOORD3D) other than the centre, drawn over the annotated viewport. */
  regions: z.array(ReviewRegion).max(64).optional(),
});
export type ReviewFinding = z.infer<typeof ReviewFinding>;
export const ReviewDecision = z.enum(['accepted', 'rejected', 'none']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;
export const ReviewSegment = z.object({
  number: z.number().int(),
  label: z.string().max(256),
  color: z.tuple([z.number(), z.number(), z.number()]).optional(),
});
export const ReviewReport = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  /** The AI object's algorithm (Contributing Equipment, IHE AIR); absent when a person made it. */
  algorithm: AiAlgorithm.optional(),
  seriesDescription: z.string().max(64).optional(),
  /** When it was made or, for the pipeline's results, received (ISO 8601): the picker lists the newest first. */
  time: z.string().max(40).optional(),
  findings: z.array(ReviewFinding).max(1000),
  /** The latest saved assessment of this report, per tracking UID (or identifier). */
  decisions: z.record(
    z.string().max(256),
    z.object({ decision: ReviewDecision, comment: z.string().max(1024) }),
  ),
});
export type ReviewReport = z.infer<typeof ReviewReport>;
export const ReviewSegmentation = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  seriesDescription: z.string().max(64).optional(),
  /** As ReviewReport's. */
  time: z.string().max(40).optional(),
  /** The library series its frames were made from (Referenced Series Sequence), when that series is in the library. */
  sourceSeriesId: z.string().max(128).optional(),
  algorithm: AiAlgorithm.optional(),
  segments: z.array(ReviewSegment).max(256),
});
export type ReviewSegmentation = z.infer<typeof ReviewSegmentation>;
/**
 * A SEG unpacked in main into one label image per source image (segment numbers, 0 = none):
 * cornerstone's SEG adapter compiles code at run time (ndarray uses new Function), which the
 * renderer's Content-Security-Policy rightly forbids.
 */
export const ReviewLabelmap = z.object({
  rows: z.number().int().positive().max(8192),
  columns: z.number().int().positive().max(8192),
  frames: z
    .array(
      z.object({
        sourceSopInstanceUid: z.string().max(64).optional(),
        position: z.array(z.number()).max(3).optional(),
        labels: z.instanceof(Uint8Array),
      }),
    )
    .max(10_000),
});
export type ReviewLabelmap = z.infer<typeof ReviewLabelmap>;
export const ReviewStudy = z.object({
  reports: z.array(ReviewReport).max(100),
  segmentations: z.array(ReviewSegmentation).max(100),
});
export type ReviewStudy = z.infer<typeof ReviewStudy>;
const ReviewObject = z
  .object({ studyId: z.string().min(1).max(128), sopInstanceUid: z.string().min(1).max(64) })
  .strict();

export const reviewChannels = {
  /** The SRs (TID 1500) and SEGs of a study, from the library and the stored AI results, read in main. */
  'review.study': {
    request: z.object({ studyId: z.string().min(1).max(128) }).strict(),
    response: ReviewStudy,
  },
  /** A SEG as label images per source image, for the overlay. */
  'review.segmentation': { request: ReviewObject, response: ReviewLabelmap },
  /** Saves the doctor's decisions as a new SR that references the AI report (IHE AIRA); the AI objects are not changed. */
  'review.saveAssessment': {
    request: z
      .object({
        studyId: z.string().min(1).max(128),
        sopInstanceUid: z.string().min(1).max(64),
        decisions: z
          .array(
            z
              .object({
                trackingId: z.string().max(256),
                trackingUid: z.string().max(64).optional(),
                decision: ReviewDecision,
                comment: z.string().max(1024),
              })
              .strict(),
          )
          .max(1000),
      })
      .strict(),
    response: z.object({ sopInstanceUid: z.string().max(64), savedAt: z.string().max(40) }),
  },
} as const;
