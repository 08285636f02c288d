/**
 * Identifying values of an instance, gathered before its elements are de-identified, so that
 * cleaned free text (action C) loses every occurrence of them.
 */
import { splitValues, textOf, vrOfTag, type DataElement } from '../dicom/index.js';
import { TEXT_VRS, unlistedTemporalRowIn } from './deidValues.js';
import { isPrivateTag, profileRowOf } from './profileRules.js';

const SPECIFIC_CHARACTER_SET = 0x00080005;

/**
 * Identifying values of a data set (at any depth): every text value the profile does not keep
 * (names, IDs, addresses, dates, free text), and each component of a person name. Cleaned text
 * loses any occurrence of them.
 */
export function collectIdentifyingTexts(
  elements: readonly DataElement[],
  options: ReadonlySet<string>,
  into = new Set<string>(),
  inheritedCharacterSet?: string,
): Set<string> {
  // Values are split where their character set has delimiters, never inside a two-byte character.
  const own = elements.find((element) => element.tag === SPECIFIC_CHARACTER_SET);
  const characterSet = own === undefined ? inheritedCharacterSet : textOf(own);
  for (const element of elements) {
    if (element.items) {
      for (const item of element.items)
        collectIdentifyingTexts(item.elements, options, into, characterSet);
      continue;
    }
    if (isPrivateTag(element.tag)) continue;
    const vr = element.vr === 'UN' ? (vrOfTag(element.tag) ?? 'UN') : element.vr;
    const row = profileRowOf(element.tag) ?? unlistedTemporalRowIn(element.tag, vr);
    if (row === undefined && vr !== 'PN') continue;
    if (!TEXT_VRS.has(vr) && vr !== 'DA' && vr !== 'DT') continue;
    // The basic profile's column: a value any option keeps is still the patient's here.
    const action = row === undefined ? 'X' : row.basic;
    if (action === 'K' || action === 'U') continue;
    if (vr === 'CS') continue;
    const value = textOf(element).trim();
    if (value.length < 3) continue;
    for (const single of splitValues(value, characterSet)) {
      if (single.length >= 3) into.add(single);
      if (vr === 'PN')
        for (const part of splitValues(single, characterSet, '^='))
          if (part.trim().length >= 3) into.add(part.trim());
    }
  }
  void options;
  return into;
}
