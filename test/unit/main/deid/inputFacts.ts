// What a test needs to know about an input file before pseudonymizing it: the identifiers to look
// for in the output bytes, its SOP Instance UID, the UIDs it references, and its pixel bytes.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { valueOf, type DataElement } from '../../../../main/dicom/index.js';
import { profileRowOf, isPrivateTag } from '../../../../main/deid/profileRules.js';

const SEARCHED_VRS = new Set(['PN', 'LO', 'SH', 'LT', 'ST', 'UT', 'UC', 'AE', 'DA', 'DT', 'UI']);
/** Words that are identifiers in no data set: a value made only of these is not searched for. */
const GENERIC =
  /^(ANONYMOUS|ANONYMIZED|REMOVED|NONE|UNKNOWN|N\/A|DICOM|SIEMENS|GE|PHILIPS|TOSHIBA|\d{1,3}|YES|NO|19000101)$/i;

const text = (element: DataElement): string =>
  Buffer.from(valueOf(element))
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();

/**
 * Identifiers of a data set at any depth: each value the basic profile does not keep, of a name,
 * ID, free-text, date or UID attribute, and each part of a person name.
 */
export function identifiersOf(
  elements: readonly DataElement[],
  into = new Set<string>(),
): Set<string> {
  identifiersIn(elements, into);
  // A value the profile keeps elsewhere in the same data set (a procedure's code meaning that
  // repeats the study description) is a descriptor, not an identifier.
  for (const kept of keptValuesOf(elements)) into.delete(kept);
  return into;
}

function keptValuesOf(elements: readonly DataElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.items) {
      for (const item of element.items) keptValuesOf(item.elements, into);
      continue;
    }
    if (isPrivateTag(element.tag)) continue;
    const row = profileRowOf(element.tag);
    if (row !== undefined && row.basic !== 'K') continue;
    for (const single of text(element).split('\\')) into.add(single.trim());
  }
  return into;
}

function identifiersIn(elements: readonly DataElement[], into: Set<string>): Set<string> {
  for (const element of elements) {
    if (element.items) {
      for (const item of element.items) identifiersIn(item.elements, into);
      continue;
    }
    if (isPrivateTag(element.tag)) continue;
    const row = profileRowOf(element.tag);
    if (row === undefined || row.basic === 'K') continue;
    if (!SEARCHED_VRS.has(element.vr) && element.vr !== 'UN') continue;
    const value = text(element);
    for (const single of value.split('\\')) {
      const trimmed = single.trim();
      if (trimmed.length >= 4 && !GENERIC.test(trimmed)) into.add(trimmed);
      if (element.vr === 'PN')
        for (const part of trimmed.split(/[\^=]/))
          if (part.trim().length >= 4 && !GENERIC.test(part.trim())) into.add(part.trim());
    }
  }
  return into;
}

/** Every value of `tag` at any depth. */
export function valuesOf(
  elements: readonly DataElement[],
  tag: number,
  into: string[] = [],
): string[] {
  for (const element of elements) {
    if (element.items) for (const item of element.items) valuesOf(item.elements, tag, into);
    else if (element.tag === tag) into.push(text(element));
  }
  return into;
}

export function dicomFilesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...dicomFilesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Pixel data bytes as stored: the native value, or the fragments joined. */
export function pixelBytes(elements: readonly DataElement[]): Buffer | undefined {
  const pixel = elements.find((element) => element.tag === 0x7fe00010);
  if (pixel === undefined) return undefined;
  if (pixel.fragments)
    return Buffer.concat(
      pixel.fragments
        .slice(1)
        .map((fragment) => pixel.bytes.subarray(fragment.start, fragment.end)),
    );
  return Buffer.from(valueOf(pixel));
}
