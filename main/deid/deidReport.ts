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

/** Same-entry test of the collector: the fields that made up its key (tag, action, reason, depth). */
function sameEntry(entry: DeidReportEntry, action: DeidAction, reason: DeidReason, nested: boolean): boolean {
  return entry.action === action && entry.nested === nested && entry.reason.source === reason.source && entry.reason.rule === reason.rule && (entry.reason.option ?? '') === (reason.option ?? '');
}

const tagTexts = new Map<number, string>();

/** "GGGGEEEE"; private elements "GGGG,xxEE" (the block is the creator's, not the attribute's). Cached: the same few hundred tags recur in every instance. */
function tagTextOf(tag: number): string {
  let text = tagTexts.get(tag);
  if (text === undefined) {
    text = formatTag(tag);
    // Bounded, so garbage tags from a damaged file cannot grow it without end.
    if (tagTexts.size < 65536) tagTexts.set(tag, text);
  }
  return text;
}

function formatTag(tag: number): string {
  const group = tag >>> 16;
  return group % 2 === 1 && (tag & 0xffff) >= 0x1000 ? `${group.toString(16).toUpperCase().padStart(4, '0')},xx${(tag & 0xff).toString(16).toUpperCase().padStart(2, '0')}` : tag.toString(16).toUpperCase().padStart(8, '0');
}

/** Private attributes of one group and element byte share a report line whatever their block: one key for them, apart from public tags. */
function tagKeyOf(tag: number): number {
  const group = tag >>> 16;
  return group % 2 === 1 && (tag & 0xffff) >= 0x1000 ? 0x100000000 + (((group << 16) | (tag & 0xff)) >>> 0) : tag;
}

/**
 * Collects entries of one instance; merged per study by `pseudonymizeStudy`. Called for every
 * element of every instance, so entries are found by a numeric tag key and a field comparison
 * instead of building a text key per element; `order` keeps first-seen order, as the report's
 * order of entries with equal tag and action depends on it.
 */
export class ReportCollector {
  private readonly byTag = new Map<number, DeidReportEntry[]>();
  private readonly order: DeidReportEntry[] = [];
  /** The tag key of each entry of `order`, for merging. */
  private readonly orderKeys: number[] = [];

  private find(key: number, action: DeidAction, reason: DeidReason, nested: boolean): DeidReportEntry | undefined {
    const candidates = this.byTag.get(key);
    if (candidates === undefined) return undefined;
    for (const entry of candidates) if (sameEntry(entry, action, reason, nested)) return entry;
    return undefined;
  }

  private insert(key: number, entry: DeidReportEntry): void {
    const candidates = this.byTag.get(key);
    if (candidates === undefined) this.byTag.set(key, [entry]);
    else candidates.push(entry);
    this.order.push(entry);
    this.orderKeys.push(key);
  }

  add(tag: number, keyword: string | undefined, action: DeidAction, reason: DeidReason, nested: boolean): void {
    const key = tagKeyOf(tag);
    const entry = this.find(key, action, reason, nested);
    if (entry) entry.count++;
    else this.insert(key, { tag: tagTextOf(tag), ...(keyword ? { keyword } : {}), action, reason, nested, count: 1 });
  }

  merge(other: ReportCollector): void {
    other.order.forEach((entry, index) => {
      const key = other.orderKeys[index]!;
      const mine = this.find(key, entry.action, entry.reason, entry.nested);
      if (mine) mine.count += entry.count;
      else this.insert(key, { ...entry });
    });
  }

  entries(): DeidReportEntry[] {
    return [...this.order].sort((a, b) => a.tag.localeCompare(b.tag) || a.action.localeCompare(b.action));
  }
}
