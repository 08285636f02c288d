/**
 * What a job runner is given (its settings and the app's services it uses), and what a step of a
 * job uses of the runner that runs it.
 */
import type { AuditLog, AuditPatient } from '../audit/index.js';
import type { PseudonymKeys } from '../deid/index.js';
import type { DicomwebClient } from '../dicomweb/index.js';
import type { PseudonymVault } from '../vault/index.js';
import type { BackoffPolicy } from './backoff.js';
import type { SendJob } from './sendJob.js';

export interface SendRequest {
  source: SendJob['source'];
  service: SendJob['service'];
  destination: string;
  /** Images held back for review that the doctor confirmed having looked at (pseudonymized SOP Instance UIDs). */
  reviewed?: readonly string[];
}

export interface JobRunnerOptions {
  dataDir: string;
  /** The DICOMweb client for a destination (carrying the signed-in user's token). */
  client(destination: string): DicomwebClient;
  /** The original files of a job's source, from the library. */
  filesOf(source: SendJob['source']): Promise<string[]>;
  keys(): Promise<PseudonymKeys>;
  vault(): Promise<PseudonymVault>;
  audit?: AuditLog;
  /** Who the source study belongs to, for the audit trail (which stays on this machine). */
  patientsOf?(source: SendJob['source']): AuditPatient[];
  onChange?(job: SendJob): void;
  /** A job completed and its results are stored beside the original study. */
  onResults?(job: SendJob): void;
  backoff?: BackoffPolicy;
  pollMs?: { withChannel: number; withoutChannel: number };
  concurrency?: number;
  /** Bytes per STOW request. */
  batchBytes?: number;
}

/**
 * A step's view of its runner: the live state of a job, and the saves, written in order, that
 * move it on (see JobRunner).
 */
export interface JobStepContext {
  readonly options: JobRunnerOptions;
  readonly backoff: BackoffPolicy;
  /** The job as it stands now (progress callbacks update it while a step waits). */
  current(id: string): SendJob;
  update(job: SendJob, change: Partial<SendJob>): Promise<SendJob>;
  /** Ends the job with the change and deletes its staging data. */
  finish(job: SendJob, change: Partial<SendJob>): Promise<void>;
}
