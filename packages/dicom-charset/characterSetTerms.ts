/** The Defined Terms of Specific Character Set (0008,0005), read the way both decoding and splitting need them. */

function normaliseTerm(term: string): string {
  return term.trim().replace(/[ -]/g, '_').toUpperCase();
}

/** Splits the (possibly multi-valued) Specific Character Set into normalised terms. */
export function parseCharacterSets(value: string | undefined): string[] {
  if (value === undefined) return [''];
  const terms = value.split('\\').map(normaliseTerm);
  return terms.length === 0 ? [''] : terms;
}

/** Whether values switch repertoires with ISO 2022 escape sequences (PS3.5 §6.1.2.5). */
export function usesCodeExtensions(terms: readonly string[]): boolean {
  return terms.length > 1 || terms.some((t) => t.startsWith('ISO_2022'));
}
