import type { Locale, PersonName } from '../../preload/contract/index.js';

/**
 * The name a reader expects first: in Japanese the ideographic (kanji) group, in English the
 * alphabetic one, each falling back to whichever group is present.
 */
export function primaryName(name: PersonName, locale: Locale): string {
  const order =
    locale === 'ja'
      ? [name.ideographic, name.alphabetic, name.phonetic]
      : [name.alphabetic, name.ideographic, name.phonetic];
  return order.find((group) => group !== '') ?? '';
}

/** The other groups (reading in kana, romanised form), to show under the primary one. */
export function secondaryNames(name: PersonName, locale: Locale): string[] {
  const primary = primaryName(name, locale);
  return [name.phonetic, name.alphabetic, name.ideographic].filter(
    (group, index, all) => group !== '' && group !== primary && all.indexOf(group) === index,
  );
}
