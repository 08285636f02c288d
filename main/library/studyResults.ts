/**
 * The results the library lists beside a study ("store the results in the library beside the
 * original study, marked as AI results with service, algorithm version and time").
 *
 * The library's own index holds images only; the results live in two sidecars of main/results it
 * reads: `<dataDir>/ai-results/index.json` (written by the receive step) and
 * `<dataDir>/assessments/index.json` (written when the doctor saves an assessment). Both are
 * written atomically and read again whenever they change on disk, so the marks survive a restart
 * and appear as soon as a job completes.
 */
import { stat } from 'node:fs/promises';
import type {
  LibraryResultSeries,
  StudyResultsSummary,
  StudySummary,
} from '../../preload/contract/index.js';
import {
  aiResultIndexFor,
  assessmentIndexFor,
  resultSeriesByStudy,
  type AiResultIndex,
  type AssessmentIndex,
} from '../results/index.js';
import { opaqueId } from './studyLibrary.js';

/** Per study id: its result series, newest first. */
type ResultsByStudy = Map<string, LibraryResultSeries[]>;

export class StudyResults {
  private readonly aiResults: AiResultIndex;
  private readonly assessments: AssessmentIndex;
  private cached: { stamp: string; byStudy: ResultsByStudy } | undefined;

  constructor(dataDir: string) {
    this.aiResults = aiResultIndexFor(dataDir);
    this.assessments = assessmentIndexFor(dataDir);
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
    const stamp = (
      await Promise.all([this.aiResults.indexPath, this.assessments.indexPath].map(stampOf))
    ).join('|');
    if (this.cached?.stamp === stamp) return this.cached.byStudy;
    const byUid = resultSeriesByStudy(
      await this.aiResults.all(),
      Object.values((await this.assessments.read()).reports),
    );
    const byStudy: ResultsByStudy = new Map(
      [...byUid].map(([studyUid, series]) => [opaqueId('study', studyUid), series]),
    );
    this.cached = { stamp, byStudy };
    return byStudy;
  }
}

async function stampOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  // The writers replace the file by rename, so a new write is a new inode even within one mtime tick.
  return info === undefined ? '-' : `${info.ino}:${info.size}:${info.mtimeMs}`;
}

function summarise(results: readonly LibraryResultSeries[]): StudyResultsSummary {
  const ai = results.filter((series) => series.kind === 'ai');
  const sources = new Map<string, StudyResultsSummary['sources'][number]>();
  for (const series of ai) {
    if (series.algorithm === undefined) continue;
    const key = `${series.serviceId}\0${series.serviceVersion}\0${series.algorithm.name}\0${series.algorithm.version}`;
    if (!sources.has(key))
      sources.set(key, {
        serviceId: series.serviceId ?? '',
        serviceVersion: series.serviceVersion ?? '',
        algorithm: series.algorithm,
        time: series.time,
      });
  }
  return {
    aiSeries: ai.length,
    assessments: results.length - ai.length,
    sources: [...sources.values()].slice(0, 32),
  };
}
