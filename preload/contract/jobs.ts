/** Send jobs (main/jobs): one study, or some of its series, sent to one AI service, and the results it returns. */
import { z } from 'zod';
import { SendPreview } from './deidentification.js';
import { AiAlgorithm, Empty } from './shared.js';

export const JobState = z.enum([
  'preparing',
  'uploading',
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
]);
export type JobState = z.infer<typeof JobState>;
/** Why a job failed; i18n key `jobs.failure.<code>`. */
export const JobFailure = z.enum([
  'not_signed_in',
  'network',
  'server_refused',
  'pseudonymize_failed',
  'no_instances',
  'service_cancelled',
  'foreign_reference',
  'invalid_result',
  /** Every result object carried a malformed UID (main/dicom/uidGrammar.ts) and was refused. */
  'malformed_result',
  /** The platform sent more than the limit for an answer (main/net) and the download stopped. */
  'response_too_large',
  'vault_unavailable',
  /** No usable OS keychain: the pseudonymization secret and the vault key live there. */
  'keychain_unavailable',
  /** The disk holding the data folder filled up while staging or receiving. */
  'disk_full',
  'interrupted',
]);
export type JobFailure = z.infer<typeof JobFailure>;
/** Upload progress in instances and bytes, and the service's own progress once it runs. */
export const JobProgress = z.object({
  instancesDone: z.number().int().nonnegative(),
  instancesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  servicePercent: z.number().min(0).max(100).optional(),
});
export const JobView = z.object({
  id: z.string().max(64),
  state: JobState,
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  studyId: z.string().max(128),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  progress: JobProgress,
  failure: JobFailure.optional(),
  results: z.number().int().nonnegative(),
  /** Result objects refused for malformed UIDs (the others were stored). */
  refused: z.number().int().nonnegative().default(0),
});
export type JobView = z.infer<typeof JobView>;
/** An AI result stored beside an original study, with the algorithm from Contributing Equipment (IHE AIR). */
export const AiResultView = z.object({
  sopInstanceUid: z.string().max(64),
  seriesInstanceUid: z.string().max(64),
  sopClassUid: z.string().max(64),
  modality: z.string().max(16),
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  algorithm: AiAlgorithm,
  receivedAt: z.string().max(40),
});
export type AiResultView = z.infer<typeof AiResultView>;
const SendSource = {
  studyId: z.string().min(1).max(128),
  seriesIds: z.array(z.string().min(1).max(128)).max(1000).optional(),
  serviceId: z.string().min(1).max(64),
  /** Held-back images the doctor confirmed having looked at (pseudonymized SOP Instance UIDs from the preview). */
  reviewed: z
    .array(z.string().regex(/^[0-9.]{1,64}$/))
    .max(10_000)
    .optional(),
};
const JobId = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const jobsChannels = {
  'jobs.list': { request: Empty, response: z.array(JobView).max(10_000) },
  /** Pseudonymizes into a throw-away folder and returns the report; nothing is sent or kept. */
  'jobs.preview': { request: z.object(SendSource).strict(), response: SendPreview },
  'jobs.send': { request: z.object(SendSource).strict(), response: JobView },
  'jobs.retry': { request: JobId, response: JobView },
  'jobs.cancel': { request: JobId, response: JobView },
  /** AI results stored beside a study. */
  'jobs.results': {
    request: z.object({ studyId: z.string().min(1).max(128) }).strict(),
    response: z.array(AiResultView).max(1000),
  },
} as const;

export const jobsEvents = {
  'jobs.changed': JobView,
  /** A job's results are stored beside its study (notify the doctor). */
  'jobs.resultsReady': z.object({
    jobId: z.string().max(64),
    studyId: z.string().max(128),
    results: z.number().int().nonnegative(),
  }),
} as const;
