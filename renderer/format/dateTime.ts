import type { Locale } from '../../preload/contract.js';

/** Formats an ISO 8601 time (when a result arrived, an assessment was saved) in the doctor's locale and time zone. */
export function formatDateTime(iso: string, locale: Locale): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(time);
}
