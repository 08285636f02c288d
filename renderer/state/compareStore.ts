/**
 * A prior study of the same patient beside the current one (comparison reading). Only a study
 * whose patient ID and birth date are the current study's can be opened as the prior: another
 * patient's images never hang in the same layout. The alignment says which position in the
 * prior matches which in the current when their frames of reference differ.
 */
import { create } from 'zustand';
import type { SeriesDetail, StudySummary } from '../../preload/contract/index.js';
import { host } from '../host/host.js';

export type Vec3 = [number, number, number];

/** The same patient by the identifiers the files carry (an empty ID matches nothing). */
export function samePatient(a: StudySummary, b: StudySummary): boolean {
  return (
    a.patientId !== '' && a.patientId === b.patientId && a.patientBirthDate === b.patientBirthDate
  );
}

interface CompareState {
  /** The study the prior was opened beside. */
  currentId: string | undefined;
  prior: StudySummary | undefined;
  priorSeries: SeriesDetail[];
  /**
   * prior → current, in mm: a point of the prior is at `point + offset` in the current's frame.
   * Undefined until set: the two series are then aligned at their first slices.
   */
  offset: Vec3 | undefined;
  /** Opens `prior` beside `current`; false when it is not the same patient or cannot be read. */
  open(current: StudySummary, prior: StudySummary): Promise<boolean>;
  setOffset(offset: Vec3 | undefined): void;
  close(): void;
}

export const useCompareStore = create<CompareState>()((set) => ({
  currentId: undefined,
  prior: undefined,
  priorSeries: [],
  offset: undefined,
  async open(current, prior) {
    if (current.id === prior.id || !samePatient(current, prior)) return false;
    const result = await host().invoke('library.series', { studyId: prior.id });
    if (!result.ok) return false;
    set({ currentId: current.id, prior, priorSeries: result.value, offset: undefined });
    return true;
  },
  setOffset(offset) {
    set({ offset });
  },
  close() {
    set({ currentId: undefined, prior: undefined, priorSeries: [], offset: undefined });
  },
}));

const NOT_IMAGES = new Set(['SR', 'SEG', 'KO', 'PR', 'RWV']);

/** The prior's series to hang beside `shown`: same modality and description, else same modality with the most images. */
export function matchingSeries(
  shown: SeriesDetail,
  candidates: readonly SeriesDetail[],
): SeriesDetail | undefined {
  const images = candidates.filter(
    (series) => !NOT_IMAGES.has(series.modality) && series.instances.length > 0,
  );
  const sameModality = images.filter((series) => series.modality === shown.modality);
  return (
    sameModality.find((series) => series.description === shown.description) ??
    [...sameModality].sort((a, b) => b.imageCount - a.imageCount)[0] ??
    images[0]
  );
}
