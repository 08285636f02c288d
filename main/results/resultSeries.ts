/**
 * The result series stored beside each study, as the library lists them: the AI result objects
 * the jobs pipeline received, grouped by series (one SEG, one SR, ...), and one row per saved
 * assessment. Keyed by the original Study Instance UID.
 */
import type { LibraryResultSeries } from '../../preload/contract/index.js';
import type { AssessmentEntry } from './assessmentIndex.js';
import type { AiResultEntry } from './resultIndex.js';

/** Per Study Instance UID: its result series, newest first. */
export function resultSeriesByStudy(
  aiEntries: readonly AiResultEntry[],
  assessments: readonly AssessmentEntry[],
): Map<string, LibraryResultSeries[]> {
  const byStudy = new Map<string, LibraryResultSeries[]>();
  const add = (studyUid: string, series: LibraryResultSeries): void => {
    byStudy.set(studyUid, [...(byStudy.get(studyUid) ?? []), series]);
  };
  const aiSeries = new Map<string, { studyUid: string; series: LibraryResultSeries }>();
  for (const entry of aiEntries) {
    const existing = aiSeries.get(entry.seriesInstanceUid);
    if (existing !== undefined) {
      existing.series.objects += 1;
      continue;
    }
    aiSeries.set(entry.seriesInstanceUid, {
      studyUid: entry.studyInstanceUid,
      series: {
        kind: 'ai',
        seriesInstanceUid: entry.seriesInstanceUid,
        modality: entry.modality,
        objects: 1,
        serviceId: entry.serviceId,
        serviceVersion: entry.serviceVersion,
        algorithm: entry.algorithm,
        time: entry.receivedAt,
      },
    });
  }
  for (const { studyUid, series } of aiSeries.values()) add(studyUid, series);
  for (const entry of assessments) {
    // Entries saved before the index named their study cannot be placed; the review still reads them.
    if (entry.studyInstanceUid === undefined || entry.seriesInstanceUid === undefined) continue;
    add(entry.studyInstanceUid, {
      kind: 'assessment',
      seriesInstanceUid: entry.seriesInstanceUid,
      modality: 'SR',
      objects: 1,
      ...(entry.observer === undefined ? {} : { observer: entry.observer }),
      time: entry.savedAt,
    });
  }
  for (const list of byStudy.values())
    list.sort((a, b) => b.time.localeCompare(a.time) || a.kind.localeCompare(b.kind));
  return byStudy;
}
