import { create } from 'zustand';
import type { MitateError, SendPreview } from '../../preload/contract/index.js';
import { useJobsStore } from '../jobs/jobsStore.js';
import { host } from '../host/host.js';

/** What the doctor chose to send: one study (the series on screen) to one catalog service. */
export interface SendTarget {
  studyId: string;
  seriesIds: string[];
  serviceId: string;
}

export type SendPhase = 'closed' | 'previewing' | 'ready' | 'sending';

/**
 * The "Send to service" step: preview (pseudonymized into a throw-away folder in main), then
 * confirm (jobs.send). The jobs panel follows the job from there through jobs.changed.
 */
interface SendStoreState {
  phase: SendPhase;
  target: SendTarget | undefined;
  preview: SendPreview | undefined;
  error: MitateError | undefined;
  /** Held-back images the doctor confirmed having looked at (pseudonymized SOP Instance UIDs). */
  reviewed: readonly string[];
  setReviewed(sopInstanceUid: string, looked: boolean): void;
  open(target: SendTarget): Promise<void>;
  confirm(): Promise<void>;
  close(): void;
}

export const useSendStore = create<SendStoreState>()((set, get) => ({
  phase: 'closed',
  target: undefined,
  preview: undefined,
  error: undefined,
  reviewed: [],
  setReviewed(sopInstanceUid, looked) {
    const others = get().reviewed.filter((uid) => uid !== sopInstanceUid);
    set({ reviewed: looked ? [...others, sopInstanceUid] : others });
  },
  async open(target) {
    set({ phase: 'previewing', target, preview: undefined, error: undefined, reviewed: [] });
    const result = await host().invoke('jobs.preview', target);
    // The doctor may have cancelled, or opened another preview, while this one was made.
    if (get().target !== target) return;
    set(
      result.ok
        ? { phase: 'ready', preview: result.value }
        : { phase: 'ready', error: result.error },
    );
  },
  async confirm() {
    const { target, phase, reviewed } = get();
    if (target === undefined || phase !== 'ready') return;
    set({ phase: 'sending', error: undefined });
    const result = await host().invoke(
      'jobs.send',
      reviewed.length === 0 ? target : { ...target, reviewed: [...reviewed] },
    );
    if (result.ok) {
      useJobsStore.getState().apply(result.value);
      set({ phase: 'closed', target: undefined, preview: undefined, reviewed: [] });
    } else set({ phase: 'ready', error: result.error });
  },
  close: () =>
    set({ phase: 'closed', target: undefined, preview: undefined, error: undefined, reviewed: [] }),
}));
