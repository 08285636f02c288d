/** Small schemas several features' channels share. */
import { z } from 'zod';

/** The request of a channel that takes nothing. */
export const Empty = z.object({}).strict();

/** DICOM DA values stay as YYYYMMDD strings; the renderer formats them per locale. */
export const DicomDate = z.string().max(18);

export const Uid = z.string().max(64);
export const Finite = z.number().finite();

/** The algorithm behind an AI result, from its Contributing Equipment Sequence (IHE AIR). */
export const AiAlgorithm = z.object({
  manufacturer: z.string().max(256),
  name: z.string().max(256),
  version: z.string().max(256),
});
