import type { Locale } from '../../preload/contract/index.js';

/**
 * Formats an ISO 8601 time (when a result arrived, an assessment was saved, the doctor signed in)
 * in the doctor's locale and time zone. A string that is not a time comes back as `ifInvalid`,
 * by default as it is, so a reader still sees what the source said.
 */
export function formatDateTime(iso: string, locale: Locale, ifInvalid: string = iso): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return ifInvalid;
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(time);
}
