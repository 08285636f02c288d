/**
 * Runs send jobs from "send" to results: pseudonymize into the job's staging folder, upload with
 * STOW-RS, ask the service with a UPS work item (IHE AIW-I), follow it, receive and map the
 * results. Each step is saved before the next begins, so after a crash or a restart `resume()`
 * takes every unfinished job up where it stood. Staging data is deleted when a job ends.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type AuditLog, type AuditPatient, auditRecords } from '../audit/index.js';
import {
  pseudonymizeStudy,
  type DeidOptionKey,
  type DeidReport,
  type PseudonymizeOptions,
  type PseudonymKeys,
} from '../deid/index.js';
import { newUid } from '../dicom/index.js';
import { type DicomwebClient, DicomwebError, stringValue, tag } from '../dicomweb/index.js';
import { isResponseTooLarge } from '../net/index.js';
import {
  aiResultIndexFor,
  ForeignReferenceError,
  InvalidResultError,
  receiveResults,
  type AiResultIndex,
} from '../results/index.js';
import { type PseudonymVault, VaultError } from '../vault/index.js';
import { DEFAULT_BACKOFF, withBackoff, type BackoffPolicy } from './backoff.js';
import { followWorkItem } from './followWorkItem.js';
import { JobStore } from './jobStore.js';
import { isActive, type SendJob } from './sendJob.js';
import type { JobFailure } from '../../preload/contract/index.js';
import { StowRefusedError, stowUpload } from './stowUpload.js';
import { workItemRequest } from './workItemRequest.js';

export interface SendRequest {
  source: SendJob['source'];
  service: SendJob['service'];
  destination: string;
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

class JobCancelled extends Error {}

export function failureOf(error: unknown): JobFailure {
  if (error instanceof ForeignReferenceError) return 'foreign_reference';
  if (error instanceof InvalidResultError)
    return error.reason === 'malformed-uid' ? 'malformed_result' : 'invalid_result';
  if (isResponseTooLarge(error)) return 'response_too_large';
  if (error instanceof VaultError) return 'vault_unavailable';
  if (error instanceof StowRefusedError) return 'server_refused';
  if (error instanceof DicomwebError) {
    if (error.status === 401 || error.status === 403) return 'not_signed_in';
    return error.kind === 'network' || error.retryable ? 'network' : 'server_refused';
  }
  return 'interrupted';
}

export class JobRunner {
  private readonly store: JobStore;
  readonly results: AiResultIndex;
  private readonly jobs = new Map<string, SendJob>();
  private readonly running = new Map<
    string,
    { controller: AbortController; done: Promise<void> }
  >();
  private readonly backoff: BackoffPolicy;
  private saving: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | undefined;

  constructor(private readonly options: JobRunnerOptions) {
    this.store = new JobStore(options.dataDir);
    // The data folder's one index, which the library and the review read too.
    this.results = aiResultIndexFor(options.dataDir);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  stagingDir(id: string): string {
    return join(this.options.dataDir, 'staging', id);
  }

  list(): SendJob[] {
    return [...this.jobs.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  job(id: string): SendJob | undefined {
    return this.jobs.get(id);
  }

  /** Loads the saved jobs (once) so the jobs panel lists them, without starting any. */
  load(): Promise<void> {
    this.loaded ??= this.store.loadAll().then((jobs) => {
      for (const job of jobs) if (!this.jobs.has(job.id)) this.jobs.set(job.id, job);
    });
    return this.loaded;
  }

  /** Takes every unfinished job up again where it stood (app start, or after the login it needs). */
  async resume(): Promise<void> {
    await this.load();
    for (const job of this.jobs.values()) if (isActive(job)) this.start(job.id);
  }

  /**
   * The preview before a send: pseudonymizes into a throw-away folder and returns the engine's
   * report (what is removed, replaced, shifted, masked and defaced). Nothing is kept.
   */
  async preview(
    source: SendJob['source'],
    deidOptions: readonly DeidOptionKey[],
  ): Promise<DeidReport> {
    const folder = join(
      this.options.dataDir,
      'staging',
      `preview-${randomBytes(8).toString('hex')}`,
    );
    try {
      const { report } = await pseudonymizeStudy(await this.options.filesOf(source), {
        options: deidOptions,
        outDir: folder,
        keys: await this.options.keys(),
      });
      return report;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async send(request: SendRequest): Promise<SendJob> {
    const now = new Date().toISOString();
    const job: SendJob = {
      version: 1,
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      service: request.service,
      source: request.source,
      destination: request.destination,
      state: 'preparing',
      progress: { instancesDone: 0, instancesTotal: 0, bytesDone: 0, bytesTotal: 0 },
      staged: [],
      stored: [],
      workItemCreated: false,
      results: [],
      refused: 0,
    };
    await this.update(job, {});
    this.start(job.id);
    return job;
  }

  /** A failed or cancelled job starts again from the beginning (same pseudonyms: same UIDs). */
  async retry(id: string): Promise<SendJob> {
    const job = this.jobs.get(id);
    if (job === undefined) throw new Error('not_found');
    if (isActive(job) || job.state === 'completed') return job;
    const fresh: SendJob = {
      ...job,
      state: 'preparing',
      failure: undefined,
      staged: [],
      stored: [],
      workItemUid: undefined,
      workItemCreated: false,
      progress: { instancesDone: 0, instancesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    };
    await this.update(fresh, {});
    this.start(id);
    return this.jobs.get(id)!;
  }

  /** Stops a job for good: the upload is aborted, a created work item is asked to cancel (§11.8). */
  async cancel(id: string): Promise<SendJob> {
    const job = this.jobs.get(id);
    if (job === undefined) throw new Error('not_found');
    if (!isActive(job)) return job;
    const run = this.running.get(id);
    run?.controller.abort(new JobCancelled());
    await run?.done;
    const current = this.jobs.get(id)!;
    if (current.workItemUid !== undefined && current.workItemCreated) {
      await this.options
        .client(current.destination)
        .requestCancel(current.workItemUid, 'cancelled by the requester')
        .catch(() => undefined);
    }
    await this.finish(current, { state: 'cancelled' });
    return this.jobs.get(id)!;
  }

  /** Stops running jobs without changing their state (app quit); `resume()` continues them. */
  async close(): Promise<void> {
    for (const run of this.running.values()) run.controller.abort(new Error('closing'));
    await Promise.all([...this.running.values()].map((run) => run.done));
    await this.saving;
  }

  /** Resolves when the job is no longer running (tests, shutdown). */
  async settled(id: string): Promise<SendJob | undefined> {
    await this.running.get(id)?.done;
    await this.saving;
    return this.jobs.get(id);
  }

  private start(id: string): void {
    if (this.running.has(id)) return;
    const controller = new AbortController();
    const done = this.run(id, controller.signal)
      .catch(async (error: unknown) => {
        if (controller.signal.aborted) return; // cancel() or close() decide what happens
        await this.finish(this.jobs.get(id)!, { state: 'failed', failure: failureOf(error) });
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, { controller, done });
  }

  /** The new state is live at once; saves are written in order, one at a time, so the last one wins on disk. */
  private async update(job: SendJob, change: Partial<SendJob>): Promise<SendJob> {
    const next: SendJob = { ...job, ...change, updatedAt: new Date().toISOString() };
    this.jobs.set(next.id, next);
    this.options.onChange?.(next);
    const saved = this.saving.then(() => this.store.save(next));
    this.saving = saved.catch(() => undefined);
    await saved;
    return next;
  }

  private async finish(job: SendJob, change: Partial<SendJob>): Promise<void> {
    await this.update(job, { ...change, completedAt: new Date().toISOString() });
    await rm(this.stagingDir(job.id), { recursive: true, force: true });
  }

  private async run(id: string, signal: AbortSignal): Promise<void> {
    let job = this.jobs.get(id)!;
    const client = this.options.client(job.destination);
    const stagingDir = this.stagingDir(id);

    if (job.state === 'preparing' || job.staged.length === 0) {
      job = await this.update(job, { state: 'preparing' });
      const vault = await this.options.vault();
      const settings: PseudonymizeOptions = {
        options: job.service.deidOptions as DeidOptionKey[],
        outDir: stagingDir,
        keys: await this.options.keys(),
        vault,
        signal,
      };
      let outputFiles;
      try {
        ({ outputFiles } = await pseudonymizeStudy(
          await this.options.filesOf(job.source),
          settings,
        ));
      } catch (error) {
        if (signal.aborted || error instanceof VaultError) throw error;
        return this.finish(job, { state: 'failed', failure: 'pseudonymize_failed' });
      }
      const studies = new Set(outputFiles.map((file) => file.studyInstanceUid));
      if (outputFiles.length === 0 || studies.size !== 1)
        return this.finish(job, { state: 'failed', failure: 'no_instances' });
      const staged = outputFiles.map((file) => ({
        file: relative(stagingDir, file.path),
        sopInstanceUid: file.sopInstanceUid,
        seriesInstanceUid: file.seriesInstanceUid,
        bytes: file.bytes,
      }));
      job = await this.update(job, {
        state: 'uploading',
        staged,
        stored: [],
        pseudonymStudyUid: [...studies][0],
        progress: {
          instancesDone: 0,
          instancesTotal: staged.length,
          bytesDone: 0,
          bytesTotal: staged.reduce((sum, file) => sum + file.bytes, 0),
        },
      });
    }

    if (job.state === 'uploading') {
      const bytesOf = new Map(
        job.staged.map((instance) => [instance.sopInstanceUid, instance.bytes]),
      );
      const stored = new Set(job.stored);
      const progressed = (): void => {
        const current = this.jobs.get(id)!;
        let bytesDone = 0;
        for (const uid of stored) bytesDone += bytesOf.get(uid) ?? 0;
        void this.update(current, {
          stored: [...stored],
          progress: { ...current.progress, instancesDone: stored.size, bytesDone },
        }).catch(() => undefined);
      };
      await stowUpload({
        client,
        stagingDir,
        studyInstanceUid: job.pseudonymStudyUid!,
        instances: job.staged,
        backoff: this.backoff,
        signal,
        ...(this.options.concurrency === undefined
          ? {}
          : { concurrency: this.options.concurrency }),
        ...(this.options.batchBytes === undefined ? {} : { batchBytes: this.options.batchBytes }),
        onPresent: (uids) => {
          stored.clear();
          for (const uid of uids) stored.add(uid);
          progressed();
        },
        onStored: (uids) => {
          for (const uid of uids) stored.add(uid);
          progressed();
        },
      });
      job = this.jobs.get(id)!;
      // 110106 Export: what left, pseudonymized, and where to (PS3.15 A.5.3.5).
      await this.options.audit
        ?.record(
          auditRecords.export({
            destination: job.destination,
            pseudonymized: true,
            patients: this.options.patientsOf?.(job.source) ?? [],
            studies: [
              { studyInstanceUid: job.source.studyInstanceUid, instanceCount: job.staged.length },
            ],
            outcome: 0,
          }),
        )
        .catch(() => undefined);
      job = await this.update(job, { state: 'queued', workItemUid: job.workItemUid ?? newUid() });
    }

    if (!job.workItemCreated) {
      const uid = job.workItemUid ?? newUid();
      await withBackoff(
        () => client.createWorkItem(uid, workItemRequest(job), signal),
        this.backoff,
        signal,
      );
      job = await this.update(job, { workItemUid: uid, workItemCreated: true, state: 'queued' });
    }

    const final = await followWorkItem({
      client,
      workItemUid: job.workItemUid!,
      aeTitle: 'MITATE',
      signal,
      ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
      onStatus: (status) => {
        const current = this.jobs.get(id)!;
        const state =
          status.state === 'SCHEDULED'
            ? 'queued'
            : status.state === 'IN PROGRESS'
              ? 'running'
              : current.state;
        if (state !== current.state || status.percent !== current.progress.servicePercent) {
          void this.update(current, {
            state,
            progress: {
              ...current.progress,
              ...(status.percent === undefined ? {} : { servicePercent: status.percent }),
            },
          }).catch(() => undefined);
        }
      },
    });
    job = this.jobs.get(id)!;
    if (final.state === 'CANCELED') {
      void stringValue(final.item, tag.reasonForCancellation); // the service's reason is its own text, not shown untranslated
      return this.finish(job, { state: 'failed', failure: 'service_cancelled' });
    }
    const { records, refused } = await receiveResults({
      client,
      job,
      item: final.item,
      vault: await this.options.vault(),
      index: this.results,
      signal,
    });
    // 110104 Instances Transferred: the results came in from the platform.
    await this.options.audit
      ?.record(
        auditRecords.transferred({
          source: job.destination,
          patients: this.options.patientsOf?.(job.source) ?? [],
          studies: [
            { studyInstanceUid: job.source.studyInstanceUid, instanceCount: records.length },
          ],
          outcome: 0,
        }),
      )
      .catch(() => undefined);
    await this.finish(job, {
      state: 'completed',
      results: records,
      refused,
      progress: { ...job.progress, servicePercent: 100 },
    });
    this.options.onResults?.(this.jobs.get(id)!);
  }
}
