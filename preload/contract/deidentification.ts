/**
 * De-identification as the renderer sees it: the option keys (defined here once, for the engine,
 * the command line, managed policy and the send preview) and the report of what a send would do.
 */
import { z } from 'zod';

/**
 * De-identification options (DICOM PS3.15 E.3), keyed as in the machine-readable Table E.1-1.
 * Those that keep more than the Basic Profile:
 */
export const RETAIN_OPTION_KEYS = [
  'retainSafePrivate',
  'retainUIDs',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'retainPatientCharacteristics',
  'retainLongitudinalFullDates',
  'retainLongitudinalModifiedDates',
] as const;
/** ...and the table's three clean columns, which remove more. */
export const TABLE_CLEAN_OPTION_KEYS = [
  'cleanDescriptors',
  'cleanStructuredContent',
  'cleanGraphics',
] as const;
/** The ten options that are columns of the machine-readable table, in its order. */
export const TABLE_OPTION_KEYS = [...RETAIN_OPTION_KEYS, ...TABLE_CLEAN_OPTION_KEYS] as const;
export type TableOptionKey = (typeof TABLE_OPTION_KEYS)[number];

/**
 * Options beyond the table's columns, which the engine applies to pixels: Clean Pixel Data and
 * Clean Recognizable Visual Features (PS3.15 E.3.1, E.3.2; CID 7050 113101, 113102).
 */
export const PIXEL_OPTION_KEYS = ['cleanPixelData', 'cleanRecognizableVisualFeatures'] as const;
export type PixelOptionKey = (typeof PIXEL_OPTION_KEYS)[number];

/** The options that remove more than the Basic Profile: a managed policy may require them. */
export const CLEAN_OPTION_KEYS = [...TABLE_CLEAN_OPTION_KEYS, ...PIXEL_OPTION_KEYS] as const;
/** Every option, in the order they are listed to users (the retain options a policy may forbid first). */
export const DEID_OPTION_KEYS = [...RETAIN_OPTION_KEYS, ...CLEAN_OPTION_KEYS] as const;
export const DeidOptionKey = z.enum(DEID_OPTION_KEYS);
export type DeidOptionKey = z.infer<typeof DeidOptionKey>;

const MaskRegion = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});

/** Why an image was held back for the doctor to look at before it may be sent. */
export const HOLD_REASONS = ['textUnsure', 'burnedInTextWithoutRule', 'tooMuchText'] as const;

/** An image held back: sent only once the doctor confirms having looked at it (jobs.send `reviewed`). */
export const HeldImage = z.object({
  /** The pseudonymized UIDs it would be sent under. */
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  reason: z.enum(HOLD_REASONS),
  /** What would be masked when sent. */
  regions: z.array(MaskRegion).max(64),
  frames: z.number().int(),
});
export type HeldImage = z.infer<typeof HeldImage>;

/** A picture of an image as it would be sent (masks applied), at most 256 pixels a side. */
export const ReviewPicture = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  width: z.number().int().positive().max(256),
  height: z.number().int().positive().max(256),
  /** Thumbnail pixels per image pixel: the regions are in image pixels. */
  scale: z.number().positive().max(1),
  /** PNG, base64. */
  png: z.string().max(400_000),
});
export type ReviewPicture = z.infer<typeof ReviewPicture>;

/** What a send would do: the de-identification report of the engine (tags, actions, masked regions, defacing), no values. */
export const SendPreview = z.object({
  profile: z.object({ edition: z.string().max(16), options: z.array(z.string().max(64)).max(16) }),
  studies: z
    .array(
      z.object({
        instances: z.number().int().nonnegative(),
        series: z.number().int().nonnegative(),
        entries: z
          .array(
            z.object({
              tag: z.string().max(16),
              keyword: z.string().max(128).optional(),
              action: z.string().max(32),
              rule: z.string().max(64),
              source: z.string().max(64),
              nested: z.boolean(),
              count: z.number().int().positive(),
            }),
          )
          .max(10_000),
        masked: z
          .array(
            z.object({
              sopInstanceUid: z.string().max(64),
              /** The pseudonymized series, so the review shows what was done series by series. */
              seriesInstanceUid: z.string().max(64).optional(),
              /** The vendor layout's rule, or "text detector". */
              rule: z.string().max(128),
              regions: z.array(MaskRegion).max(64),
              /** How many of the regions the text detector found beyond the rule's. */
              detected: z.number().int().nonnegative().optional(),
              frames: z.number().int(),
              /** Held back, then confirmed by the doctor: sent masked but not verified clean. */
              reviewed: z.boolean().optional(),
            }),
          )
          .max(100_000),
        defaced: z
          .array(
            z.object({
              seriesInstanceUid: z.string().max(64),
              voxelsRemoved: z.number().int(),
              instances: z.number().int(),
            }),
          )
          .max(1000),
      }),
    )
    .max(16),
  excluded: z.array(z.object({ reason: z.string().max(64) })).max(100_000),
  /** Images held back for review; each also counts in `excluded` until confirmed. */
  held: z.array(HeldImage).max(10_000).optional(),
  /** Pictures for the review: every masked or held image and each series' first image, up to 64. */
  pictures: z.array(ReviewPicture).max(64).optional(),
});
export type SendPreview = z.infer<typeof SendPreview>;
