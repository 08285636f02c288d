/** The study date presets of the remote search as a DICOM date range (YYYYMMDD, local time). */
import { dicomDateOf as dicomDate, dicomDateOfInput } from '../format/dates.js';

export type DatePreset = 'any' | 'today' | 'week' | 'month' | 'range';

/** A typed date (yyyy/mm/dd, yyyy-mm-dd or yyyymmdd) as DICOM DA; undefined while incomplete. */
export const fromInputDate = (value: string): string | undefined =>
  dicomDateOfInput(value) || undefined;

export function presetRange(
  preset: DatePreset,
  today: Date,
  range: { from: string; to: string },
): { studyDateFrom?: string; studyDateTo?: string } {
  if (preset === 'any') return {};
  if (preset === 'range') {
    const from = fromInputDate(range.from);
    const to = fromInputDate(range.to);
    return {
      ...(from === undefined ? {} : { studyDateFrom: from }),
      ...(to === undefined ? {} : { studyDateTo: to }),
    };
  }
  // "Last 7 days" is today and the six days before it.
  const back = preset === 'today' ? 0 : preset === 'week' ? 6 : 29;
  const start = new Date(today);
  start.setDate(today.getDate() - back);
  return { studyDateFrom: dicomDate(start), studyDateTo: dicomDate(today) };
}
