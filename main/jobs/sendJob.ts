/**
 * A send job: one study (or some of its series) sent to one AI service, from pseudonymization
 * to results. This is the record that is written to disk after every step, so the job survives
 * an app restart; it holds original UIDs (to find the study again) but never names, IDs or
 * paths of the doctor's files, and none of it reaches a log.
 */
import { z } from 'zod';
import { JobFailure, JobProgress, JobState } from '../../preload/contract/index.js';
import { AiResultRecord } from '../results/index.js';

// States and failure codes are the contract's, so the renderer and the runner cannot disagree.
export { JobFailure, JobState };

const Uid = z.string().regex(/^[0-9.]{1,64}$/);
const Code = z.object({
  value: z.string().max(64),
  scheme: z.string().max(64),
  meaning: z.string().max(256),
});

export const StagedInstance = z.object({
  /** Path relative to the job's staging folder. */
  file: z.string().max(512),
  sopInstanceUid: Uid,
  seriesInstanceUid: Uid,
  bytes: z.number().int().nonnegative(),
});
export type StagedInstance = z.infer<typeof StagedInstance>;

export const SendJob = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]{8,64}$/),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  service: z.object({
    id: z.string().max(64),
    version: z.string().max(64),
    workitemCode: Code,
    deidOptions: z.array(z.string().max(64)).max(16),
  }),
  /** The original study and, when the doctor chose some, its series. */
  source: z.object({ studyInstanceUid: Uid, seriesInstanceUids: z.array(Uid).max(1000) }),
  /**
   * Images held back for review that the doctor confirmed having looked at before sending
   * (pseudonymized SOP Instance UIDs): the job sends them too, and so does a retry.
   */
  reviewed: z.array(Uid).max(10_000).optional(),
  /** Where the job sends (the platform's DICOMweb root); a restart resumes against the same one. */
  destination: z.string().max(2048),
  state: JobState,
  progress: JobProgress,
  pseudonymStudyUid: Uid.optional(),
  staged: z.array(StagedInstance).max(100_000).default([]),
  /** SOP Instance UIDs the server confirmed, so a restart never sends them again. */
  stored: z.array(Uid).max(100_000).default([]),
  /** Chosen by the client before creation, so a repeated create cannot make a second item. */
  workItemUid: Uid.optional(),
  workItemCreated: z.boolean().default(false),
  failure: JobFailure.optional(),
  results: z.array(AiResultRecord).max(1000).default([]),
  /** Result objects refused (malformed UIDs) and not stored; the doctor is told how many. */
  refused: z.number().int().nonnegative().default(0),
  completedAt: z.string().max(40).optional(),
});
export type SendJob = z.infer<typeof SendJob>;

export const ACTIVE_STATES: ReadonlySet<JobState> = new Set([
  'preparing',
  'uploading',
  'queued',
  'running',
]);
export const isActive = (job: SendJob): boolean => ACTIVE_STATES.has(job.state);
