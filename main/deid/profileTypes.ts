/**
 * Types of DICOM PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes) as the
 * generated module `tables/profileTable.ts` holds it.
 */

import { RETAIN_OPTION_KEYS } from '../../preload/contract/index.js';

/** The ten options of PS3.15 E.3 that are columns of the machine-readable table, in its order. */
export const OPTION_KEYS = [...RETAIN_OPTION_KEYS, 'cleanDescriptors', 'cleanStructuredContent', 'cleanGraphics'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

/** Options of ours beyond the table's columns: PS3.15 E.3.1 and E.3.2, CID 7050 113101/113102. */
export const PIXEL_OPTION_KEYS = ['cleanPixelData', 'cleanRecognizableVisualFeatures'] as const;
export type PixelOptionKey = (typeof PIXEL_OPTION_KEYS)[number];

export type DeidOptionKey = OptionKey | PixelOptionKey;

/** Action codes of PS3.15 Table E.1-1 (see its legend). */
export type ProfileAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'Z/D' | 'X/Z' | 'X/D' | 'X/Z/D' | 'X/Z/U*';

export interface ProfileRow {
  /** 8 upper-case hex digits, with 'x' for repeating-group digits, or 'private'; "unlisted DA" (DT, TM) for Mitate's rule by VR (beyondTable.ts). */
  tag: string;
  keyword: string | null;
  vr: string | null;
  name: string;
  retired: boolean;
  basic: string;
  options: Partial<Record<OptionKey, string>>;
  /** Set on Mitate's own rows for identifying attributes the table misses (beyondTable.ts). */
  source?: 'Mitate';
}

export interface ProfileOption {
  key: string;
  name: string;
  cid7050Code: string;
}
