/**
 * Which PS3.15 Table E.1-1 row governs a tag, and which action applies under the chosen options.
 * Keyed on tags, never on keywords (26 rows have none). Repeating groups: curves (50xx,xxxx) and
 * overlays (60xx,3000)/(60xx,4000) match their pattern rows; odd groups match the private row.
 */
import { PROFILE_ROWS } from './tables/profileTable.js';
import { BEYOND_TABLE_ROWS } from './beyondTable.js';
import type { OptionKey, ProfileRow } from './profileTypes.js';
import type { DeidReason } from './deidReport.js';

const exactRows = new Map<number, ProfileRow>();
const patternRows: { mask: number; value: number; row: ProfileRow }[] = [];
let privateRow: ProfileRow | undefined;
for (const row of [...PROFILE_ROWS, ...BEYOND_TABLE_ROWS]) {
  if (row.tag === 'private') {
    privateRow = row;
  } else if (row.tag.includes('x')) {
    const mask = parseInt(row.tag.replace(/[0-9A-F]/g, 'F').replace(/x/g, '0'), 16) >>> 0;
    const value = parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
    patternRows.push({ mask, value, row });
  } else {
    const tag = parseInt(row.tag, 16) >>> 0;
    // Mitate's rows only fill gaps: the standard's row always decides where it has one.
    if (row.source === 'Mitate' && exactRows.has(tag))
      throw new Error(`beyond-table row ${row.tag} is in Table E.1-1`);
    exactRows.set(tag, row);
  }
}

export function isPrivateTag(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

/** Public tags already looked up (with undefined for unlisted ones): most of them miss the exact rows and would walk the patterns each time. */
const publicRows = new Map<number, ProfileRow | undefined>();

/** The Table E.1-1 row for a tag, if the table lists it. */
export function profileRowOf(tag: number): ProfileRow | undefined {
  if (isPrivateTag(tag)) return privateRow;
  const exact = exactRows.get(tag);
  if (exact !== undefined) return exact;
  if (publicRows.has(tag)) return publicRows.get(tag);
  const row = patternRowOf(tag);
  // Bounded, so garbage tags from a damaged file cannot grow it without end.
  if (publicRows.size < 65536) publicRows.set(tag, row);
  return row;
}

function patternRowOf(tag: number): ProfileRow | undefined {
  // Repeating groups are even groups 5000-501E and 6000-601E (PS3.5 §7.6).
  for (const { mask, value, row } of patternRows) {
    if ((tag & mask) >>> 0 === value && ((tag >>> 16) & 1) === 0) return row;
  }
  return undefined;
}

export interface ResolvedAction {
  /** A single action: the composite ones are resolved by `resolveComposite`. */
  action: string;
  /** The option whose column decided, or undefined for the basic profile column. */
  option?: OptionKey;
}

/**
 * PS3.15 E.3: an option's column overrides the basic profile for that row. When several chosen
 * options name the same row, "C" (clean) wins over "K" (keep): keeping a value some other chosen
 * option wants cleaned would break that option's promise.
 */
export function actionFor(row: ProfileRow, options: ReadonlySet<string>): ResolvedAction {
  let keep: OptionKey | undefined;
  for (const [option, action] of optionColumnsOf(row)) {
    if (!options.has(option)) continue;
    if (action === 'C') return { action: 'C', option };
    if (action === 'K') keep = option;
  }
  if (keep !== undefined) return { action: 'K', option: keep };
  return { action: row.basic };
}

/** A row's option columns as a list, made once per row: `actionFor` runs for every element of every instance. */
const optionColumns = new WeakMap<ProfileRow, readonly (readonly [OptionKey, string])[]>();

function optionColumnsOf(row: ProfileRow): readonly (readonly [OptionKey, string])[] {
  let columns = optionColumns.get(row);
  if (columns === undefined) {
    columns = Object.entries(row.options) as [OptionKey, string][];
    optionColumns.set(row, columns);
  }
  return columns;
}

/**
 * Type 1 attributes (a value is required) among the rows with composite actions, in IODs seen in
 * practice (PS3.3: SR Document General, PET Series, Enhanced General Equipment, RT General Plan).
 * "X unless Z or D is required" needs the IOD's module tables, which the engine does not carry;
 * so a composite action keeps a present attribute as empty (Z) where Z is allowed and as a dummy
 * (D) otherwise or where the attribute is Type 1. An empty or dummy value carries no identity,
 * and the output never loses a Type 1/2 attribute the input had (checked with dciodvfy in tests).
 */
const TYPE1_WHEN_PRESENT = new Set<number>([
  0x00080023, // Content Date (SR Document General)
  0x00080033, // Content Time
  0x00080021, // Series Date (PET Series)
  0x00080031, // Series Time (PET Series)
  0x00181000, // Device Serial Number (Enhanced General Equipment)
  0x00080022, // Acquisition Date
  0x00080032, // Acquisition Time
  0x0008002a, // Acquisition DateTime (Type 1C in enhanced multi-frame images)
]);

/**
 * Attributes the table removes (plain "X") although an IOD requires them (Type 1): Presentation
 * Creation Date and Time in the Presentation State Identification Module (PS3.3 C.11.10). Removing
 * them would make the object invalid, so they get a dummy value (D), which carries nothing either.
 */
export const TYPE1_DUMMY_INSTEAD_OF_REMOVAL = new Set<number>([0x00700082, 0x00700083]);

/**
 * Reference sequences among the composite rows (Referenced Study / Performed Procedure Step
 * Sequence): their items hold only SOP Class and Instance UIDs. Kept with the UIDs replaced (as
 * "U*"), they stay valid both where they are Type 3 with one item (General Series) and where they
 * are Type 2 (SR Document General), and they carry nothing identifying.
 */
const REFERENCE_SEQUENCES = new Set<number>([0x00081110, 0x00081111]);

export function resolveComposite(
  action: string,
  tag: number,
  isSequence = false,
): 'D' | 'Z' | 'X' | 'U*' {
  if (isSequence) {
    // Any other sequence goes: a "dummy" sequence would keep its items' codes (an institution's
    // code meaning, an operator's ID), and an empty one is invalid where 1-n items are required.
    return action === 'X/Z/U*' || REFERENCE_SEQUENCES.has(tag) ? 'U*' : 'X';
  }
  switch (action) {
    case 'Z/D':
    case 'X/Z':
    case 'X/Z/D':
      return TYPE1_WHEN_PRESENT.has(tag) && action !== 'X/Z' ? 'D' : 'Z';
    case 'X/D':
      return 'D';
    case 'X/Z/U*':
      return 'U*';
    default:
      throw new Error(`not a composite action: ${action}`);
  }
}

/** The report's reason for an action taken by a row of Table E.1-1 (under an option, if one chose it). */
export function reasonOfRow(rule: string, option?: string): DeidReason {
  return option === undefined
    ? { source: 'PS3.15 E.1-1', rule }
    : { source: 'PS3.15 E.1-1', rule, option };
}
