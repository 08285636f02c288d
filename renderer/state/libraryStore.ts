import { create } from 'zustand';
import type {
  ErrorCode,
  ImportProgress,
  ImportReport,
  LibraryResultSeries,
  Result,
  SeriesDetail,
  StudySummary,
} from '../../preload/contract/index.js';
import {
  DEFAULT_SORT,
  EMPTY_QUERY,
  type SortKey,
  type StudyQuery,
  type StudySort,
} from '../state/studyQuery.js';
import { host } from '../host/host.js';

interface LibraryState {
  studies: StudySummary[];
  selectedStudyId: string | undefined;
  series: SeriesDetail[];
  /** The selected study's AI result series, assessments and imported SEGs and SRs (they open the review, not a stack). */
  results: LibraryResultSeries[];
  selectedSeriesId: string | undefined;
  progress: ImportProgress | undefined;
  importing: boolean;
  lastReport: ImportReport | undefined;
  error: ErrorCode | undefined;
  /** Search fields and column order of the study browser. */
  query: StudyQuery;
  sort: StudySort;
  /** An import was cut off (crash, power loss) and can be resumed. */
  interrupted: boolean;
  setQuery(change: Partial<StudyQuery>): void;
  resetQuery(): void;
  /** Sorts by a column; the same column again reverses the order. */
  sortBy(key: SortKey): void;
  checkInterrupted(): Promise<void>;
  resumeImport(): Promise<void>;
  dismissInterrupted(): Promise<void>;
  importPaths(paths: string[]): Promise<void>;
  importFiles(files: { name: string; bytes: Uint8Array<ArrayBuffer> }[]): Promise<void>;
  pickAndImport(kind: 'folders' | 'files'): Promise<void>;
  cancelImport(): Promise<void>;
  selectStudy(studyId: string): Promise<void>;
  selectSeries(seriesId: string): void;
  /** Reads the study list and the selected study's results again (a job's results arrived, an assessment was saved). */
  refreshResults(): Promise<void>;
  /** Empties the library; true when it was emptied (the viewer then forgets its decoded images). */
  clear(): Promise<boolean>;
  setProgress(progress: ImportProgress): void;
  dismissError(): void;
  /** The reader has read the import report: it leaves the screen. */
  dismissReport(): void;
}

export const useLibraryStore = create<LibraryState>()((set, get) => {
  /** Runs one import and, when it brought studies, opens the first new one. */
  const runImport = async (request: () => Promise<Result<ImportReport | null>>): Promise<void> => {
    set({ importing: true, error: undefined, progress: undefined, interrupted: false });
    const result = await request();
    set({ importing: false, progress: undefined });
    if (!result.ok) {
      set({ error: result.error.code });
      return;
    }
    if (result.value === null) return;
    const report = result.value;
    const studies = await host().invoke('library.studies', {});
    set({ lastReport: report, studies: studies.ok ? studies.value : get().studies });
    const first = report.studies[0];
    if (first !== undefined) await get().selectStudy(first.id);
  };

  return {
    studies: [],
    selectedStudyId: undefined,
    series: [],
    results: [],
    selectedSeriesId: undefined,
    progress: undefined,
    importing: false,
    lastReport: undefined,
    error: undefined,
    query: EMPTY_QUERY,
    sort: DEFAULT_SORT,
    interrupted: false,
    setQuery(change) {
      set({ query: { ...get().query, ...change } });
    },
    resetQuery() {
      set({ query: EMPTY_QUERY });
    },
    sortBy(key) {
      const { sort } = get();
      const direction =
        sort.key === key
          ? sort.direction === 'ascending'
            ? 'descending'
            : 'ascending'
          : key === 'studyDate'
            ? 'descending'
            : 'ascending';
      set({ sort: { key, direction } });
    },
    async checkInterrupted() {
      const result = await host().invoke('library.interruptedImport', {});
      if (result.ok) set({ interrupted: result.value.interrupted });
    },
    resumeImport: () => runImport(() => host().invoke('library.resumeImport', {})),
    async dismissInterrupted() {
      set({ interrupted: false });
      await host().invoke('library.dismissInterruptedImport', {});
    },
    importPaths: (paths) => runImport(() => host().invoke('library.importPaths', { paths })),
    importFiles: (files) => runImport(() => host().invoke('library.importFiles', { files })),
    pickAndImport: (kind) => runImport(() => host().invoke('library.pickAndImport', { kind })),
    async cancelImport() {
      await host().invoke('library.cancelImport', {});
    },
    async selectStudy(studyId) {
      if (get().selectedStudyId !== studyId) set({ results: [] });
      set({ selectedStudyId: studyId });
      const [result, results] = await Promise.all([
        host().invoke('library.series', { studyId }),
        host().invoke('library.results', { studyId }),
      ]);
      if (!result.ok) {
        set({ error: result.error.code });
        return;
      }
      if (get().selectedStudyId !== studyId) return;
      // Re-selecting the same study keeps the series on screen; another study opens its first.
      const current = get().selectedSeriesId;
      const keep = result.value.some((series) => series.id === current);
      const listed = results.ok ? results.value : [];
      // A SEG the doctor imported is a result, opened in the review: the first image series is opened instead.
      const asResult = new Set(listed.map((series) => series.seriesId));
      const first = result.value.find((series) => !asResult.has(series.id));
      set({ series: result.value, selectedSeriesId: keep ? current : first?.id, results: listed });
    },
    async refreshResults() {
      const studies = await host().invoke('library.studies', {});
      if (studies.ok) set({ studies: studies.value });
      const studyId = get().selectedStudyId;
      if (studyId === undefined) return;
      const results = await host().invoke('library.results', { studyId });
      if (results.ok && get().selectedStudyId === studyId) set({ results: results.value });
    },
    selectSeries(seriesId) {
      set({ selectedSeriesId: seriesId });
    },
    async clear() {
      const result = await host().invoke('library.clear', {});
      if (!result.ok) {
        set({ error: result.error.code });
        return false;
      }
      set({
        studies: [],
        selectedStudyId: undefined,
        series: [],
        results: [],
        selectedSeriesId: undefined,
        lastReport: undefined,
      });
      return true;
    },
    setProgress(progress) {
      set({ progress });
    },
    dismissError() {
      set({ error: undefined });
    },
    dismissReport() {
      set({ lastReport: undefined });
    },
  };
});
