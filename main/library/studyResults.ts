/**
 * The results the library lists beside a study (issue 7: "store the results in the library beside
 * the original study, marked as AI results with service, algorithm version and time").
 *
 * The library's own index holds images only; the results live in two sidecars it reads:
 * `<dataDir>/ai-results/index.json` (main/jobs/aiResultIndex.ts, written by the receive step) and
 * `<dataDir>/assessments/index.json` (main/review/assessmentIndex.ts, written when the doctor
 * saves an assessment). Both are written atomically and read again whenever they change on disk,
 * so the marks survive a restart and appear as soon as a job completes.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibraryResultSeries, StudyResultsSummary, StudySummary } from '../../preload/contract/index.js';
import { AiResultIndex } from '../jobs/aiResultIndex.js';
import { AssessmentIndex } from '../review/assessmentIndex.js';
import { opaqueId } from './studyLibrary.js';

/** Per study id: its result series, newest first. */
type ResultsByStudy = Map<string, LibraryResultSeries[]>;

export class StudyResults {
  private readonly aiResults: AiResultIndex;
  private readonly assessments: AssessmentIndex;
  private cached: { stamp: string; byStudy: ResultsByStudy } | undefined;

  constructor(dataDir: string) {
    this.aiResults = new AiResultIndex(dataDir);
    this.assessments = new AssessmentIndex(dataDir);
  }

  /** The result series of one study (by the library's study id), newest first. */
  async forStudy(studyId: string): Promise<LibraryResultSeries[]> {
    return (await this.byStudy()).get(studyId) ?? [];
  }

  /** The summaries with what each study row shows of its results. */
  async annotate(summaries: StudySummary[]): Promise<StudySummary[]> {
    const byStudy = await this.byStudy();
    if (byStudy.size === 0) return summaries;
    return summaries.map((summary) => {
      const results = byStudy.get(summary.id);
      return results === undefined ? summary : { ...summary, results: summarise(results) };
    });
  }

  private async byStudy(): Promise<ResultsByStudy> {
    const stamp = (await Promise.all([join(this.aiResults.folder, 'index.json'), this.assessments.indexPath].map(stampOf))).join('|');
    if (this.cached?.stamp === stamp) return this.cached.byStudy;
    const byStudy = collect(await this.aiResults.all(), Object.values((await this.assessments.read()).reports));
    this.cached = { stamp, byStudy };
    return byStudy;
  }
}

async function stampOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  // The writers replace the file by rename, so a new write is a new inode even within one mtime tick.
  return info === undefined ? '-' : `${info.ino}:${info.size}:${info.mtimeMs}`;
}

type AiEntry = Awaited<ReturnType<AiResultIndex['all']>>[number];
type AssessmentEntry = Awaited<ReturnType<AssessmentIndex['read']>>['reports'][string];

/** Groups the AI result objects by series (one SEG, one SR, ...) and adds one row per assessment. */
export function collect(aiEntries: readonly AiEntry[], assessments: readonly AssessmentEntry[]): ResultsByStudy {
  const byStudy: ResultsByStudy = new Map();
  const add = (studyUid: string, series: LibraryResultSeries): void => {
    const id = opaqueId('study', studyUid);
    byStudy.set(id, [...(byStudy.get(id) ?? []), series]);
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
  for (const list of byStudy.values()) list.sort((a, b) => b.time.localeCompare(a.time) || a.kind.localeCompare(b.kind));
  return byStudy;
}

function summarise(results: readonly LibraryResultSeries[]): StudyResultsSummary {
  const ai = results.filter((series) => series.kind === 'ai');
  const sources = new Map<string, StudyResultsSummary['sources'][number]>();
  for (const series of ai) {
    if (series.algorithm === undefined) continue;
    const key = `${series.serviceId}\0${series.serviceVersion}\0${series.algorithm.name}\0${series.algorithm.version}`;
    if (!sources.has(key)) sources.set(key, { serviceId: series.serviceId ?? '', serviceVersion: series.serviceVersion ?? '', algorithm: series.algorithm, time: series.time });
  }
  return { aiSeries: ai.length, assessments: results.length - ai.length, sources: [...sources.values()].slice(0, 32) };
}
