/**
 * Person Name (PN) values: up to three component groups (alphabetic, ideographic, phonetic),
 * separated by '=', each with five components separated by '^' (PS3.5 §6.2.1.1). Japanese
 * clinics commonly fill all three, for example "Yamada^Tarou=山田^太郎=やまだ^たろう".
 */
export interface PersonName {
  alphabetic: string;
  ideographic: string;
  phonetic: string;
}

function readableGroup(group: string | undefined): string {
  if (group === undefined) return '';
  // family^given^middle^prefix^suffix -> "family given middle prefix suffix" without empties
  return group
    .split('^')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');
}

/** Splits the first value of a decoded PN into its component groups, as readable text. */
export function parsePersonName(value: string): PersonName {
  const [first = ''] = value.split('\\');
  const [alphabetic, ideographic, phonetic] = first.split('=');
  return {
    alphabetic: readableGroup(alphabetic),
    ideographic: readableGroup(ideographic),
    phonetic: readableGroup(phonetic),
  };
}
