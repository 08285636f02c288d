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

export const MaskRegionSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});

export const MaskedInstanceSchema = z.object({
  sopInstanceUid: z.string(),
  /** The pseudonymized series, so the review can show what was done series by series. */
  seriesInstanceUid: z.string().optional(),
  /** The layout rule's name, or "text detector" when only the detector found text. */
  rule: z.string(),
  regions: z.array(MaskRegionSchema),
  /** How many of `regions` the text detector found (beyond the rule's), over all frames. */
  detected: z.number().int().optional(),
  frames: z.number().int(),
  /** The pixel data had to be decoded; it was written back uncompressed (lossless). */
  decompressed: z.boolean(),
  /** Held back for review, and sent because the doctor confirmed having looked at it. */
  reviewed: z.boolean().optional(),
});

/** Why an image was held back for a person to look at before it may be sent. */
export const HoldReasonSchema = z.enum(['textUnsure', 'burnedInTextWithoutRule', 'tooMuchText']);

/** An image held back: not written unless the doctor confirms having looked at it (`reviewed`). */
export const HeldInstanceSchema = z.object({
  inputIndex: z.number().int(),
  /** The pseudonymized UIDs it would be sent under. */
  sopInstanceUid: z.string(),
  seriesInstanceUid: z.string(),
  reason: HoldReasonSchema,
  /** What would be masked when sent. */
  regions: z.array(MaskRegionSchema),
  frames: z.number().int(),
});

export const ExcludedInstanceSchema = z.object({
  /** Position of the input in the list given to the engine (never its name or path). */
  inputIndex: z.number().int(),
  reason: z.enum([
    'notDicom',
    'unreadable',
    'burnedInTextWithoutRule',
    'burnedInTextNotCleaned',
    'textUnsure',
    'tooMuchText',
    'cannotDecodePixels',
    'cannotDeface',
    'duplicate',
    'notAnInstance',
    'encapsulatedDocument',
  ]),
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
  defaced: z.array(
    z.object({
      seriesInstanceUid: z.string(),
      voxelsRemoved: z.number().int(),
      instances: z.number().int(),
    }),
  ),
});
export type StudyReport = z.infer<typeof StudyReportSchema>;

export const DeidReportSchema = z.object({
  profile: z.object({
    table: z.literal('PS3.15 E.1-1'),
    edition: z.string(),
    options: z.array(z.string()),
  }),
  studies: z.array(StudyReportSchema),
  excluded: z.array(ExcludedInstanceSchema),
  /** Images held back for review (also listed in `excluded` while not confirmed). */
  held: z.array(HeldInstanceSchema).optional(),
});
export type DeidReport = z.infer<typeof DeidReportSchema>;

/** One line of the report without its count: what was done to which tag, why, at which depth. */
interface EntryKind {
  id: number;
  tag: string;
  keyword: string | undefined;
  action: DeidAction;
  reason: DeidReason;
  nested: boolean;
}

function sameKind(
  kind: EntryKind,
  action: DeidAction,
  reason: DeidReason,
  nested: boolean,
): boolean {
  if (kind.action !== action || kind.nested !== nested) return false;
  // A shared reason constant ("not listed: kept", the safe private rules) is settled by identity; others by their fields.
  return (
    kind.reason === reason ||
    (kind.reason.source === reason.source &&
      kind.reason.rule === reason.rule &&
      (kind.reason.option ?? '') === (reason.option ?? ''))
  );
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
  return group % 2 === 1 && (tag & 0xffff) >= 0x1000
    ? `${group.toString(16).toUpperCase().padStart(4, '0')},xx${(tag & 0xff).toString(16).toUpperCase().padStart(2, '0')}`
    : tag.toString(16).toUpperCase().padStart(8, '0');
}

/** Private attributes of one group and element byte share a report line whatever their block: one key for them, apart from public tags. */
function tagKeyOf(tag: number): number {
  const group = tag >>> 16;
  return group % 2 === 1 && (tag & 0xffff) >= 0x1000
    ? 0x100000000 + (((group << 16) | (tag & 0xff)) >>> 0)
    : tag;
}

/**
 * The kinds of entry seen in one run, each with a number. Shared by the collectors of a run (the
 * instances' and the studies'), so that counting an element is a lookup and an increment, and
 * merging an instance into its study adds numbers: no entry object is made per element or per
 * instance. A kind belongs to one run, so damaged files cannot grow it beyond that run.
 */
export class EntryKinds {
  private readonly byTag = new Map<number, EntryKind[]>();
  readonly all: EntryKind[] = [];

  idOf(
    tag: number,
    keyword: string | undefined,
    action: DeidAction,
    reason: DeidReason,
    nested: boolean,
  ): number {
    const key = tagKeyOf(tag);
    let candidates = this.byTag.get(key);
    if (candidates === undefined) {
      candidates = [];
      this.byTag.set(key, candidates);
    }
    for (const kind of candidates) if (sameKind(kind, action, reason, nested)) return kind.id;
    // The first tag seen under a key names the line (its keyword too), as before kinds were shared.
    const kind: EntryKind = {
      id: this.all.length,
      tag: tagTextOf(tag),
      keyword,
      action,
      reason,
      nested,
    };
    candidates.push(kind);
    this.all.push(kind);
    return kind.id;
  }
}

/**
 * Counts entries of one instance, or of one study (`pseudonymizeStudy` merges instances into
 * their study in input order). A Map keeps first-seen order, which the report's order of entries
 * with equal tag and action depends on.
 */
export class ReportCollector {
  private readonly counts = new Map<number, number>();

  constructor(private readonly kinds: EntryKinds = new EntryKinds()) {}

  add(
    tag: number,
    keyword: string | undefined,
    action: DeidAction,
    reason: DeidReason,
    nested: boolean,
  ): void {
    const id = this.kinds.idOf(tag, keyword, action, reason, nested);
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  merge(other: ReportCollector): void {
    if (other.kinds !== this.kinds)
      throw new Error('collectors of different runs cannot be merged');
    for (const [id, count] of other.counts) this.counts.set(id, (this.counts.get(id) ?? 0) + count);
  }

  entries(): DeidReportEntry[] {
    const entries: DeidReportEntry[] = [];
    for (const [id, count] of this.counts) {
      const { tag, keyword, action, reason, nested } = this.kinds.all[id]!;
      entries.push({
        tag,
        ...(keyword ? { keyword } : {}),
        action,
        reason: { ...reason },
        nested,
        count,
      });
    }
    return entries.sort((a, b) => a.tag.localeCompare(b.tag) || a.action.localeCompare(b.action));
  }
}
