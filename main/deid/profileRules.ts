/**
 * Which PS3.15 Table E.1-1 row governs a tag, and which action applies under the chosen options.
 * Keyed on tags, never on keywords (26 rows have none). Repeating groups: curves (50xx,xxxx) and
 * overlays (60xx,3000)/(60xx,4000) match their pattern rows; odd groups match the private row.
 */
import { PROFILE_ROWS } from './tables/profileTable.js';
import type { OptionKey, ProfileRow } from './profileTypes.js';

const exactRows = new Map<number, ProfileRow>();
const patternRows: { mask: number; value: number; row: ProfileRow }[] = [];
let privateRow: ProfileRow | undefined;
for (const row of PROFILE_ROWS) {
  if (row.tag === 'private') {
    privateRow = row;
  } else if (row.tag.includes('x')) {
    const mask = parseInt(row.tag.replace(/[0-9A-F]/g, 'F').replace(/x/g, '0'), 16) >>> 0;
    const value = parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
    patternRows.push({ mask, value, row });
  } else {
    exactRows.set(parseInt(row.tag, 16) >>> 0, row);
  }
}

export function isPrivateTag(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

/** The Table E.1-1 row for a tag, if the table lists it. */
export function profileRowOf(tag: number): ProfileRow | undefined {
  if (isPrivateTag(tag)) return privateRow;
  const exact = exactRows.get(tag);
  if (exact !== undefined) return exact;
  // Repeating groups are even groups 5000-501E and 6000-601E (PS3.5 §7.6).
  for (const { mask, value, row } of patternRows) {
    if (((tag & mask) >>> 0) === value && ((tag >>> 16) & 1) === 0) return row;
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
  for (const [option, action] of Object.entries(row.options) as [OptionKey, string][]) {
    if (!options.has(option)) continue;
    if (action === 'C') return { action: 'C', option };
    if (action === 'K') keep = option;
  }
  if (keep !== undefined) return { action: 'K', option: keep };
  return { action: row.basic };
}

/**
 * Type 1 attributes (a value is required) among the rows with composite actions, in the IODs an
 * AI service receives or returns (PS3.3: SR Document General, Segmentation/Presentation State
 * Content Identification, RT Series). For these "X/D", "Z/D" and "X/Z/D" resolve to D;
 * otherwise to the first alternative that keeps the data set valid for Type 2/3 (Z or X).
 */
const TYPE1_WHEN_PRESENT = new Set<number>([
  0x00080023, // Content Date (SR Document General, Enhanced General Equipment contexts)
  0x00080033, // Content Time
  0x00700084, // Content Creator's Name (Type 2 in PR, but Type 1 in some SR templates' observer context)
]);

/** Type 2 attributes (must be present, may be empty) among composite rows: "X/…" keeps them as Z. */
const TYPE2_WHEN_PRESENT = new Set<number>([
  0x00080022, // Acquisition Date (Type 2 in some IODs, e.g. Secondary Capture's SC Image module contexts)
  0x00080032, // Acquisition Time
  0x0008002a, // Acquisition DateTime (Type 1C in enhanced images: kept as empty rather than absent)
  0x00081110, // Referenced Study Sequence (Type 2 in SR Document General / Evidence)
  0x00081111, // Referenced Performed Procedure Step Sequence (Type 2 in SR, KOS)
]);

export function resolveComposite(action: string, tag: number): 'D' | 'Z' | 'X' | 'U*' {
  switch (action) {
    case 'Z/D':
      return TYPE1_WHEN_PRESENT.has(tag) ? 'D' : 'Z';
    case 'X/D':
      return TYPE1_WHEN_PRESENT.has(tag) ? 'D' : 'X';
    case 'X/Z':
      return TYPE2_WHEN_PRESENT.has(tag) ? 'Z' : 'X';
    case 'X/Z/D':
      return TYPE1_WHEN_PRESENT.has(tag) ? 'D' : TYPE2_WHEN_PRESENT.has(tag) ? 'Z' : 'X';
    case 'X/Z/U*':
      return 'U*';
    default:
      throw new Error(`not a composite action: ${action}`);
  }
}
