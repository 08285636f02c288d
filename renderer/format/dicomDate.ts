import type { Locale } from '../../preload/contract/index.js';

/** Formats a DICOM DA value (YYYYMMDD) for display; anything else is shown as it is. */
export function formatDicomDate(value: string, locale: Locale): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (match === null) return value;
  const [, year, month, day] = match;
  return locale === 'ja' ? `${year}/${month}/${day}` : `${year}-${month}-${day}`;
}
