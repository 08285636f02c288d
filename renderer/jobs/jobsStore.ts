import { create } from 'zustand';
import type { ErrorCode, JobView, SendPreview } from '../../preload/contract/index.js';
import { host } from '../host/host.js';

/** Send jobs as the main process reports them (jobs.changed), newest first, and the last preview. */
interface JobsStoreState {
  jobs: JobView[];
  preview: SendPreview | undefined;
  /** The last job whose results arrived, for the notice. */
  arrived: { jobId: string; results: number } | undefined;
  error: ErrorCode | undefined;
  load(): Promise<void>;
  apply(job: JobView): void;
  previewSend(studyId: string, seriesIds: string[], serviceId: string): Promise<void>;
  send(studyId: string, seriesIds: string[], serviceId: string): Promise<void>;
  retry(jobId: string): Promise<void>;
  cancel(jobId: string): Promise<void>;
  resultsArrived(jobId: string, results: number): void;
  dismissArrived(): void;
}

const newestFirst = (jobs: JobView[]): JobView[] =>
  [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export const useJobsStore = create<JobsStoreState>()((set, get) => ({
  jobs: [],
  preview: undefined,
  arrived: undefined,
  error: undefined,
  async load() {
    const result = await host().invoke('jobs.list', {});
    if (result.ok) set({ jobs: newestFirst(result.value) });
  },
  apply(job) {
    set({ jobs: newestFirst([job, ...get().jobs.filter((existing) => existing.id !== job.id)]) });
  },
  async previewSend(studyId, seriesIds, serviceId) {
    const result = await host().invoke('jobs.preview', { studyId, seriesIds, serviceId });
    set(
      result.ok
        ? { preview: result.value, error: undefined }
        : { preview: undefined, error: result.error.code },
    );
  },
  async send(studyId, seriesIds, serviceId) {
    const result = await host().invoke('jobs.send', { studyId, seriesIds, serviceId });
    if (result.ok) {
      get().apply(result.value);
      set({ preview: undefined, error: undefined });
    } else set({ error: result.error.code });
  },
  async retry(jobId) {
    const result = await host().invoke('jobs.retry', { jobId });
    if (result.ok) get().apply(result.value);
    else set({ error: result.error.code });
  },
  async cancel(jobId) {
    const result = await host().invoke('jobs.cancel', { jobId });
    if (result.ok) get().apply(result.value);
    else set({ error: result.error.code });
  },
  resultsArrived: (jobId, results) => set({ arrived: { jobId, results } }),
  dismissArrived: () => set({ arrived: undefined }),
}));
