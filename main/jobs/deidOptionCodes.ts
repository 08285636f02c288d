/**
 * CID 7050 (De-identification Method) codes, as the catalog names a service's options, to the
 * engine's option keys: the ten of PS3.15 Table E.1-1's columns from the generated table, and
 * the two pixel options (113101 Clean Pixel Data, 113102 Clean Recognizable Visual Features).
 */
import { PROFILE_OPTIONS, type DeidOptionKey } from '../deid/index.js';

export const DEIDENTIFICATION_OPTIONS_BY_CODE: ReadonlyMap<string, DeidOptionKey> = new Map<
  string,
  DeidOptionKey
>([
  ...PROFILE_OPTIONS.map((option): [string, DeidOptionKey] => [option.cid7050Code, option.key]),
  ['113101', 'cleanPixelData'],
  ['113102', 'cleanRecognizableVisualFeatures'],
]);
