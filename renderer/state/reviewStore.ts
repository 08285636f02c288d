/**
 * The review of AI results for one study: what main read from the study's SRs and
 * SEGs, the finding the doctor selected, the overlay settings and the decisions not yet saved.
 */
import { create } from 'zustand';
import type {
  ErrorCode,
  ReviewDecision,
  ReviewFinding,
  ReviewSegmentation,
  ReviewStudy,
} from '../../preload/contract/index.js';
import { resultShowing, reviewResults, type ReviewResult } from '../state/reviewResults.js';
import { host } from '../host/host.js';
import { useLibraryStore } from './libraryStore.js';

export interface SegmentDisplay {
  visible: boolean;
  color: [number, number, number];
}
export interface Draft {
  decision: ReviewDecision;
  comment: string;
}

/** A finding's key within its report: Tracking UID when there is one, else its identifier. */
export const findingKey = (finding: ReviewFinding): string =>
  finding.trackingUid ?? finding.trackingId;

interface ReviewState {
  open: boolean;
  studyId: string | undefined;
  study: ReviewStudy | undefined;
  /** The key of the result shown (reviewResults): one SEG with its SR, or an SR alone. */
  chosen: string | undefined;
  error: ErrorCode | undefined;
  selected: string | undefined;
  fill: boolean;
  outline: boolean;
  opacity: number;
  segments: Record<number, SegmentDisplay>;
  drafts: Record<string, Draft>;
  saving: boolean;
  savedSop: string | undefined;
  /** Opens the review of a study on the result that shows `seriesInstanceUid`, else the newest AI result. */
  openFor(studyId: string, seriesInstanceUid?: string): Promise<void>;
  close(): void;
  choose(key: string): void;
  select(key: string | undefined): void;
  setOverlay(change: Partial<Pick<ReviewState, 'fill' | 'outline' | 'opacity'>>): void;
  setSegment(number: number, change: Partial<SegmentDisplay>): void;
  setDraft(key: string, change: Partial<Draft>): void;
  save(): Promise<void>;
}

/** Colours for segments whose SEG recommends none (and for findings drawn without a segment). */
export const PALETTE: [number, number, number][] = [
  [255, 64, 64],
  [64, 200, 255],
  [255, 200, 0],
  [120, 255, 120],
  [220, 120, 255],
];

/** Display settings of the segments of the SEG shown: segment numbers are per SEG, so each SEG starts from its own colours. */
function segmentDisplays(
  segmentation: ReviewSegmentation | undefined,
): Record<number, SegmentDisplay> {
  const segments: Record<number, SegmentDisplay> = {};
  for (const segment of segmentation?.segments ?? [])
    segments[segment.number] ??= {
      visible: true,
      color: segment.color ?? PALETTE[(segment.number - 1) % PALETTE.length]!,
    };
  return segments;
}

/** The result on screen. */
export function chosenResult(
  state: Pick<ReviewState, 'study' | 'chosen'>,
): ReviewResult | undefined {
  return reviewResults(state.study).find((result) => result.key === state.chosen);
}

export const useReviewStore = create<ReviewState>()((set, get) => ({
  open: false,
  studyId: undefined,
  study: undefined,
  chosen: undefined,
  error: undefined,
  selected: undefined,
  fill: true,
  outline: true,
  opacity: 0.5,
  segments: {},
  drafts: {},
  saving: false,
  savedSop: undefined,
  async openFor(studyId, seriesInstanceUid) {
    set({
      open: true,
      studyId,
      study: undefined,
      chosen: undefined,
      error: undefined,
      selected: undefined,
      drafts: {},
      savedSop: undefined,
    });
    const result = await host().invoke('review.study', { studyId });
    if (get().studyId !== studyId) return;
    if (!result.ok) {
      set({ error: result.error.code });
      return;
    }
    const shown = resultShowing(reviewResults(result.value), seriesInstanceUid);
    const drafts: Record<string, Draft> = {};
    for (const report of result.value.reports) {
      for (const [key, saved] of Object.entries(report.decisions))
        drafts[key] = { decision: saved.decision, comment: saved.comment };
    }
    set({
      study: result.value,
      chosen: shown?.key,
      segments: segmentDisplays(shown?.segmentation),
      drafts,
    });
  },
  close() {
    set({
      open: false,
      studyId: undefined,
      study: undefined,
      chosen: undefined,
      selected: undefined,
    });
  },
  choose(key) {
    const result = reviewResults(get().study).find((candidate) => candidate.key === key);
    if (result === undefined || key === get().chosen) return;
    set({
      chosen: key,
      selected: undefined,
      savedSop: undefined,
      segments: segmentDisplays(result.segmentation),
    });
  },
  select(key) {
    set({ selected: key });
  },
  setOverlay(change) {
    set(change);
  },
  setSegment(number, change) {
    const current = get().segments[number];
    if (current !== undefined)
      set({ segments: { ...get().segments, [number]: { ...current, ...change } } });
  },
  setDraft(key, change) {
    const current = get().drafts[key] ?? { decision: 'none', comment: '' };
    set({ drafts: { ...get().drafts, [key]: { ...current, ...change } }, savedSop: undefined });
  },
  async save() {
    const { studyId, drafts } = get();
    const report = chosenResult(get())?.report;
    if (report === undefined || studyId === undefined) return;
    set({ saving: true, error: undefined });
    const decisions = report.findings.map((finding) => {
      const draft = drafts[findingKey(finding)] ?? { decision: 'none' as const, comment: '' };
      return {
        trackingId: finding.trackingId,
        ...(finding.trackingUid ? { trackingUid: finding.trackingUid } : {}),
        decision: draft.decision,
        comment: draft.comment,
      };
    });
    const result = await host().invoke('review.saveAssessment', {
      studyId,
      sopInstanceUid: report.sopInstanceUid,
      decisions,
    });
    set(
      result.ok
        ? { saving: false, savedSop: result.value.sopInstanceUid }
        : { saving: false, error: result.error.code },
    );
    // The library lists the saved assessment beside the study.
    if (result.ok) void useLibraryStore.getState().refreshResults();
  },
}));
