/**
 * The values the engine writes in place of original ones: dummies (action D), text cleaned of the
 * instance's identifying values (action C), and UIDs replaced by keyed pseudonym UIDs (action U).
 */
import { encodeText, isKnownPublicTag, isMultiByteCharacterSet } from '../dicom/index.js';
import { unlistedTemporalRowOf } from './beyondTable.js';
import type { ReportCollector } from './deidReport.js';
import { cleanMultiByteText } from './multiByteText.js';
import type { ProfileRow } from './profileTypes.js';
import type { PseudonymKeys } from './pseudonymKeys.js';

export interface DeidContext {
  options: ReadonlySet<string>;
  keys: PseudonymKeys;
  patientPseudonym: string;
  dateOffsetDays: number;
  /** Identifying values of this instance (Latin-1 byte strings), taken out of text that is cleaned. */
  identifyingTexts: readonly string[];
  report: ReportCollector;
  /** Every original -> new UID replaced, for the vault. */
  uidMap: Map<string, string>;
  /** Specific Character Set of the data set being de-identified (a sequence item may set its own). */
  characterSet?: string;
}

/** VRs of text values: cleaned, and searched for identifying values. */
export const TEXT_VRS = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'AE', 'CS']);
/** UIDs naming a class or a scheme, not an instance: never replaced when the table does not list them. */
const CLASS_UID_TAGS = new Set([
  0x00080016,
  0x00081150,
  0x0008001a,
  0x0008001b,
  0x0008010c,
  0x00080062,
  0x00041510,
  0x00041512,
  0x04000010,
  0x00082112 + 0,
]);
const DICOM_ROOT = '1.2.840.10008.';

/**
 * Mitate's rule for a public date, datetime or time the table does not list (beyondTable.ts,
 * PS3.15 E.3.6): only for attributes of the data dictionary outside the command, file meta and
 * directory groups, which go whatever their VR.
 */
export function unlistedTemporalRowIn(tag: number, vr: string): ProfileRow | undefined {
  if (tag >>> 16 <= 0x0004 || !isKnownPublicTag(tag)) return undefined;
  return unlistedTemporalRowOf(vr);
}

/** A non-empty dummy value of the element's VR (action D, PS3.15 E.1-1 legend). */
export function dummyValue(vr: string): Uint8Array {
  switch (vr) {
    case 'DA':
      return encodeText('19000101', vr);
    case 'DT':
      return encodeText('19000101000000', vr);
    case 'TM':
      return encodeText('000000', vr);
    case 'AS':
      return encodeText('000Y', vr);
    case 'DS':
    case 'IS':
      return encodeText('0', vr);
    case 'UR':
      return encodeText('urn:x-mitate:removed', vr);
    case 'US':
    case 'SS':
      return new Uint8Array(2);
    case 'UL':
    case 'SL':
    case 'FL':
    case 'AT':
      return new Uint8Array(4);
    case 'FD':
    case 'SV':
    case 'UV':
      return new Uint8Array(8);
    case 'OB':
    case 'OW':
    case 'OD':
    case 'OF':
    case 'OL':
    case 'OV':
    case 'UN':
      return new Uint8Array(2);
    default:
      return encodeText('REMOVED', vr);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Takes every identifying value of the instance out of a text (clean, action C). */
export function cleanText(
  text: string,
  identifying: readonly string[],
  characterSet?: string,
): string {
  if (characterSet !== undefined && isMultiByteCharacterSet(characterSet))
    return cleanMultiByteText(text, identifying, characterSet);
  let cleaned = text;
  for (const value of identifying) {
    if (value.length < 2) continue;
    cleaned = cleaned.replace(new RegExp(escapeRegExp(value), 'gi'), '');
  }
  return cleaned.replace(/ {2,}/g, ' ').trim();
}

export function isClassUid(tag: number, value: string): boolean {
  return CLASS_UID_TAGS.has(tag) || value.startsWith(DICOM_ROOT);
}

export function mapUids(value: string, context: DeidContext): string {
  return value
    .split('\\')
    .map((uid) => {
      const trimmed = uid.replace(/[\0 ]+$/, '').trim();
      if (trimmed === '') return '';
      const mapped = context.keys.uid(trimmed);
      context.uidMap.set(trimmed, mapped);
      return mapped;
    })
    .join('\\');
}
