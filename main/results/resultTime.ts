/**
 * When a result object was made, for ordering results newest first: Content Date/Time (PS3.3
 * C.7.6.16 for SEG, C.17.2 for SR), else Series Date/Time. Given as local ISO 8601 without a zone
 * ("2023-12-06T20:20:52"), since DICOM times carry none unless Timezone Offset From UTC is set.
 */
import { text, type DicomItem } from './dicomDataset.js';

export function resultTime(dataset: DicomItem): string | undefined {
  return (
    dateTime(text(dataset.ContentDate), text(dataset.ContentTime)) ??
    dateTime(text(dataset.SeriesDate), text(dataset.SeriesTime))
  );
}

function dateTime(date: string, time: string): string | undefined {
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (day === null) return undefined;
  // TM is HH[MM[SS[.F]]] (PS3.5 6.2); missing parts are zero.
  const clock = /^(\d{2})(\d{2})?(\d{2})?/.exec(time);
  const [hours, minutes, seconds] = [clock?.[1] ?? '00', clock?.[2] ?? '00', clock?.[3] ?? '00'];
  return `${day[1]}-${day[2]}-${day[3]}T${hours}:${minutes}:${seconds}`;
}
