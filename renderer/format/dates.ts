import type { Locale } from '../../preload/contract/index.js';

/**
 * Every date and time the app shows goes through here, so each locale has one format everywhere:
 * Japanese yyyy/mm/dd (the order and separator of Japanese clinical records), English ISO 8601
 * yyyy-mm-dd (unambiguous between British and American readers); times are 24-hour HH:mm in both.
 * DICOM dates (DA, YYYYMMDD) are calendar dates and are shown as they are; times (ISO 8601
 * instants) are shown in the workstation's time zone.
 */
const SEPARATOR: Record<Locale, string> = { ja: '/', en: '-' };

const two = (value: number): string => String(value).padStart(2, '0');

/** A calendar date in the locale's one format. */
export function formatCalendarDate(
  year: number,
  month: number,
  day: number,
  locale: Locale,
): string {
  const separator = SEPARATOR[locale];
  return `${String(year).padStart(4, '0')}${separator}${two(month)}${separator}${two(day)}`;
}

/** The placeholder a date field shows, in the same format (ja yyyy/mm/dd, en yyyy-mm-dd). */
export function datePattern(locale: Locale): string {
  const separator = SEPARATOR[locale];
  return `yyyy${separator}mm${separator}dd`;
}

/** A DICOM DA value (YYYYMMDD); anything else (empty, partial, malformed) is shown as it is. */
export function formatDicomDate(value: string, locale: Locale): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (match === null) return value;
  return formatCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]), locale);
}

/**
 * An ISO 8601 time (when a result arrived, an assessment was saved, the doctor signed in) as a
 * local date and HH:mm (`seconds` adds :ss). A string that is not a time comes back as
 * `ifInvalid`, by default as it is, so a reader still sees what the source said.
 */
export function formatDateTime(
  iso: string,
  locale: Locale,
  ifInvalid: string = iso,
  seconds = false,
): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return ifInvalid;
  const date = formatCalendarDate(time.getFullYear(), time.getMonth() + 1, time.getDate(), locale);
  const clock = `${two(time.getHours())}:${two(time.getMinutes())}`;
  return `${date} ${seconds ? `${clock}:${two(time.getSeconds())}` : clock}`;
}

/** A local calendar day as DICOM DA (YYYYMMDD): what a query's date range is made of. */
export function dicomDateOf(date: Date): string {
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
}

/** A date typed into a search field (yyyy/mm/dd, yyyy-mm-dd, yyyymmdd) as DICOM DA, or '' if incomplete. */
export function dicomDateOfInput(value: string): string {
  const digits = value.trim().replace(/[-/.\s]/g, '');
  return /^\d{8}$/.test(digits) ? digits : '';
}
