/**
 * The de-identification report: per study, what was removed, replaced, shifted, masked, kept and
 * why (the Table E.1-1 row and the option that decided). It is data a screen can show the doctor
 * before sending, and it never holds a value from the input: tags, counts and reasons only, and
 * the pseudonymized UIDs of what it describes.
 */
import { z } from 'zod';

export const DeidActionSchema = z.enum([
  'removed', // X
  'emptied', // Z
  'dummy', // D
  'pseudonym', // Patient Name / Patient ID -> stable pseudonym
  'uidReplaced', // U, and U* inside referencing sequences
  'dateShifted', // C under Retain Longitudinal ... Modified Dates
  'cleaned', // C: identifying words taken out of text
  'kept', // K, or a safe private attribute, or an attribute the table does not list
  'added', // Patient Identity Removed, De-identification Method, ...
  'masked', // pixel regions blanked (Clean Pixel Data)
  'defaced', // face surface removed (Clean Recognizable Visual Features)
]);
export type DeidAction = z.infer<typeof DeidActionSchema>;

export const DeidReasonSchema = z.object({
  /** Where the rule comes from. */
  source: z.enum(['PS3.15 E.1-1', 'PS3.15 E.3.10-1', 'TCIA private tag KB', 'Mitate']),
  /** The table's action code (e.g. "X/Z/D") or a Mitate rule name. */
  rule: z.string(),
  /** The option whose column decided, when not the basic profile. */
  option: z.string().optional(),
});
export type DeidReason = z.infer<typeof DeidReasonSchema>;

export const DeidReportEntrySchema = z.object({
  /** "GGGGEEEE"; for private elements "GGGG,xxEE" with the block replaced by xx. */
  tag: z.string(),
  keyword: z.string().optional(),
  action: DeidActionSchema,
  reason: DeidReasonSchema,
  /** Seen inside a sequence (at any depth) rather than at the top level. */
  nested: z.boolean(),
  count: z.number().int().positive(),
});
export type DeidReportEntry = z.infer<typeof DeidReportEntrySchema>;

export const MaskRegionSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() });

export const MaskedInstanceSchema = z.object({
  sopInstanceUid: z.string(),
  rule: z.string(),
  regions: z.array(MaskRegionSchema),
  frames: z.number().int(),
  /** The pixel data had to be decoded; it was written back uncompressed (lossless). */
  decompressed: z.boolean(),
});

export const ExcludedInstanceSchema = z.object({
  /** Position of the input in the list given to the engine (never its name or path). */
  inputIndex: z.number().int(),
  reason: z.enum(['notDicom', 'unreadable', 'burnedInTextWithoutRule', 'burnedInTextNotCleaned', 'cannotDecodePixels', 'cannotDeface', 'duplicate', 'notAnInstance']),
});

export const StudyReportSchema = z.object({
  /** The pseudonymized Study Instance UID. */
  studyInstanceUid: z.string(),
  patientPseudonym: z.string(),
  instances: z.number().int(),
  series: z.number().int(),
  dateOffsetDays: z.number().int().optional(),
  entries: z.array(DeidReportEntrySchema),
  masked: z.array(MaskedInstanceSchema),
  defaced: z.array(z.object({ seriesInstanceUid: z.string(), voxelsRemoved: z.number().int(), instances: z.number().int() })),
});
export type StudyReport = z.infer<typeof StudyReportSchema>;

export const DeidReportSchema = z.object({
  profile: z.object({ table: z.literal('PS3.15 E.1-1'), edition: z.string(), options: z.array(z.string()) }),
  studies: z.array(StudyReportSchema),
  excluded: z.array(ExcludedInstanceSchema),
});
export type DeidReport = z.infer<typeof DeidReportSchema>;

/** Collects entries of one instance; merged per study by `pseudonymizeStudy`. */
export class ReportCollector {
  private readonly counts = new Map<string, DeidReportEntry>();

  add(tag: number, keyword: string | undefined, action: DeidAction, reason: DeidReason, nested: boolean): void {
    const group = tag >>> 16;
    const tagText = group % 2 === 1 && (tag & 0xffff) >= 0x1000 ? `${group.toString(16).toUpperCase().padStart(4, '0')},xx${(tag & 0xff).toString(16).toUpperCase().padStart(2, '0')}` : tag.toString(16).toUpperCase().padStart(8, '0');
    const key = `${tagText}|${action}|${reason.source}|${reason.rule}|${reason.option ?? ''}|${nested}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { tag: tagText, ...(keyword ? { keyword } : {}), action, reason, nested, count: 1 });
  }

  merge(other: ReportCollector): void {
    for (const [key, entry] of other.counts) {
      const mine = this.counts.get(key);
      if (mine) mine.count += entry.count;
      else this.counts.set(key, { ...entry });
    }
  }

  entries(): DeidReportEntry[] {
    return [...this.counts.values()].sort((a, b) => a.tag.localeCompare(b.tag) || a.action.localeCompare(b.action));
  }
}
