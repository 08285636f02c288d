/**
 * The DICOM UID grammar (PS3.5 §9.1): components of digits separated by dots, no empty
 * component, no leading zero unless the component is "0", at most 64 characters. Every UID that
 * comes from outside (a platform's answers, a result object's header) is checked here before any
 * use, because UIDs become file names, URL paths and index keys: a "UID" such as
 * `../../x` must never reach them.
 */
import { z } from 'zod';

const UID_GRAMMAR = /^(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*$/;

export function isDicomUid(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && UID_GRAMMAR.test(value);
}

/** The same check for zod schemas at network and disk boundaries. */
export const DicomUid = z.string().max(64).refine(isDicomUid, 'not a DICOM UID');
