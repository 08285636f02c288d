/** Tag -> VR of the public data elements (PS3.6), for implicit VR data sets (PS3.5 §7.1.3). */
import { DICTIONARY_ENTRIES } from './tables/dataDictionary.js';

const dictionary = new Map<number, string>();
for (let index = 0; index < DICTIONARY_ENTRIES.length; index += 10) {
  dictionary.set(
    parseInt(DICTIONARY_ENTRIES.slice(index, index + 8), 16) >>> 0,
    DICTIONARY_ENTRIES.slice(index + 8, index + 10),
  );
}

/** The VR of a public tag, including the repeating groups 50xx (curves) and 60xx (overlays); undefined for private or unknown tags. */
export function vrOfTag(tag: number): string | undefined {
  const known = dictionary.get(tag);
  if (known !== undefined) return known;
  const group = tag >>> 16;
  if ((group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000)
    return dictionary.get((((group & 0xff00) << 16) | (tag & 0xffff)) >>> 0);
  if ((tag & 0xffff) === 0 && group % 2 === 0) return 'UL';
  return undefined;
}

/** Whether a tag is a known public attribute (PS3.6). */
export function isKnownPublicTag(tag: number): boolean {
  return vrOfTag(tag) !== undefined;
}
