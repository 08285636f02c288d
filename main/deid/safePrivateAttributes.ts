/**
 * Lookup of the safe private attributes (PS3.15 Table E.3.10-1 and the TCIA knowledge base) by
 * group, private creator and element byte (PS3.5 §7.8.1), without building the table's text key
 * "GGGG:<creator>:EE" for every private element of every instance.
 */
import { SAFE_PRIVATE_TAGS } from './tables/safePrivateTags.js';

export type SafePrivateSource =
  typeof SAFE_PRIVATE_TAGS extends ReadonlyMap<string, infer Source> ? Source : never;

const byCreator = new Map<string, Map<number, SafePrivateSource>>();
for (const [key, source] of SAFE_PRIVATE_TAGS) {
  // A creator may itself hold ':'; the group is before the first one and the element after the last.
  const first = key.indexOf(':');
  const last = key.lastIndexOf(':');
  const creator = key.slice(first + 1, last);
  let elements = byCreator.get(creator);
  if (elements === undefined) {
    elements = new Map();
    byCreator.set(creator, elements);
  }
  elements.set(
    (parseInt(key.slice(0, first), 16) << 8) | parseInt(key.slice(last + 1), 16),
    source,
  );
}

/** Where a private attribute is listed as safe, or undefined when it is not. */
export function safePrivateSource(
  group: number,
  creator: string,
  elementByte: number,
): SafePrivateSource | undefined {
  return byCreator.get(creator)?.get((group << 8) | elementByte);
}
