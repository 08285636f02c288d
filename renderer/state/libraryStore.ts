import { create } from 'zustand';
import type { ErrorCode, ImportProgress, ImportReport, Result, SeriesDetail, StudySummary } from '../../preload/contract.js';
import { host } from '../shell/host.js';
import { forgetDecodedImages } from '../viewer/cornerstone.js';

interface LibraryState {
  studies: StudySummary[];
  selectedStudyId: string | undefined;
  series: SeriesDetail[];
  selectedSeriesId: string | undefined;
  progress: ImportProgress | undefined;
  importing: boolean;
  lastReport: ImportReport | undefined;
  error: ErrorCode | undefined;
  importPaths(paths: string[]): Promise<void>;
  importFiles(files: { name: string; bytes: Uint8Array<ArrayBuffer> }[]): Promise<void>;
  pickAndImport(): Promise<void>;
  cancelImport(): Promise<void>;
  selectStudy(studyId: string): Promise<void>;
  selectSeries(seriesId: string): void;
  clear(): Promise<void>;
  setProgress(progress: ImportProgress): void;
  dismissError(): void;
}

export const useLibraryStore = create<LibraryState>()((set, get) => {
  /** Runs one import and, when it brought studies, opens the first new one. */
  const runImport = async (request: () => Promise<Result<ImportReport | null>>): Promise<void> => {
    set({ importing: true, error: undefined, progress: undefined });
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
    selectedSeriesId: undefined,
    progress: undefined,
    importing: false,
    lastReport: undefined,
    error: undefined,
    importPaths: (paths) => runImport(() => host().invoke('library.importPaths', { paths })),
    importFiles: (files) => runImport(() => host().invoke('library.importFiles', { files })),
    pickAndImport: () => runImport(() => host().invoke('library.pickAndImport', {})),
    async cancelImport() {
      await host().invoke('library.cancelImport', {});
    },
    async selectStudy(studyId) {
      set({ selectedStudyId: studyId });
      const result = await host().invoke('library.series', { studyId });
      if (!result.ok) {
        set({ error: result.error.code });
        return;
      }
      if (get().selectedStudyId !== studyId) return;
      // Re-selecting the same study keeps the series on screen; another study opens its first.
      const current = get().selectedSeriesId;
      const keep = result.value.some((series) => series.id === current);
      set({ series: result.value, selectedSeriesId: keep ? current : result.value[0]?.id });
    },
    selectSeries(seriesId) {
      set({ selectedSeriesId: seriesId });
    },
    async clear() {
      const result = await host().invoke('library.clear', {});
      if (!result.ok) {
        set({ error: result.error.code });
        return;
      }
      set({ studies: [], selectedStudyId: undefined, series: [], selectedSeriesId: undefined, lastReport: undefined });
      forgetDecodedImages();
    },
    setProgress(progress) {
      set({ progress });
    },
    dismissError() {
      set({ error: undefined });
    },
  };
});
