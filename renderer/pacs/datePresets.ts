/** The study date presets of the remote search as a DICOM date range (YYYYMMDD, local time). */
export type DatePreset = 'any' | 'today' | 'week' | 'month' | 'range';

const dicomDate = (date: Date): string =>
  `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`;

/** `<input type="date">` value (YYYY-MM-DD) as a DICOM date; empty stays absent. */
export const fromInputDate = (value: string): string | undefined =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.replaceAll('-', '') : undefined;

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
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - back);
  return { studyDateFrom: dicomDate(start), studyDateTo: dicomDate(today) };
}
