/**
 * Types of DICOM PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes) as the
 * generated module `tables/profileTable.ts` holds it.
 */
import type { TableOptionKey } from '../../preload/contract/deidentification.js';

/**
 * The option keys are defined once, with the contract (preload/contract/deidentification.ts):
 * the ten of PS3.15 E.3 that are columns of the machine-readable table, and the pixel options.
 */
export type {
  DeidOptionKey,
  PixelOptionKey,
  TableOptionKey as OptionKey,
} from '../../preload/contract/deidentification.js';

/** Action codes of PS3.15 Table E.1-1 (see its legend). */
export type ProfileAction =
  | 'D'
  | 'Z'
  | 'X'
  | 'K'
  | 'C'
  | 'U'
  | 'Z/D'
  | 'X/Z'
  | 'X/D'
  | 'X/Z/D'
  | 'X/Z/U*';

export interface ProfileRow {
  /** 8 upper-case hex digits, with 'x' for repeating-group digits, or 'private'; "unlisted DA" (DT, TM) for Mitate's rule by VR (beyondTable.ts). */
  tag: string;
  keyword: string | null;
  vr: string | null;
  name: string;
  retired: boolean;
  basic: string;
  options: Partial<Record<TableOptionKey, string>>;
  /** Set on Mitate's own rows for identifying attributes the table misses (beyondTable.ts). */
  source?: 'Mitate';
}

export interface ProfileOption {
  /** The generated table's option keys must be the contract's. */
  key: TableOptionKey;
  name: string;
  cid7050Code: string;
}
