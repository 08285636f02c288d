/**
 * Runs send jobs from "send" to results: pseudonymize into the job's staging folder, upload with
 * STOW-RS, ask the service with a UPS work item (IHE AIW-I), follow it, receive and map the
 * results. Each step is saved before the next begins, so after a crash or a restart `resume()`
 * takes every unfinished job up where it stood. Staging data is deleted when a job ends.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { auditRecords } from '../audit/index.js';
import {
  pseudonymizeStudy,
  type DeidOptionKey,
  type DeidReport,
  type ReviewImage,
} from '../deid/index.js';
import { newUid } from '../dicom/index.js';
import { stringValue, tag } from '../dicomweb/index.js';
import { aiResultIndexFor, receiveResults, type AiResultIndex } from '../results/index.js';
import { DEFAULT_BACKOFF, withBackoff, type BackoffPolicy } from './backoff.js';
import { followWorkItem } from './followWorkItem.js';
import { failureOf } from './jobFailure.js';
import type { JobRunnerOptions, JobStepContext, SendRequest } from './jobRunnerOptions.js';
import { JobStore } from './jobStore.js';
import { isActive, type SendJob } from './sendJob.js';
import { stageJob } from './stageJob.js';
import { uploadJob } from './uploadJob.js';
import { workItemRequest } from './workItemRequest.js';

class JobCancelled extends Error {}

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
  /** What the steps of a run (stageJob.ts, uploadJob.ts) use of this runner. */
  private readonly steps: JobStepContext;

  constructor(private readonly options: JobRunnerOptions) {
    this.store = new JobStore(options.dataDir);
    // The data folder's one index, which the library and the review read too.
    this.results = aiResultIndexFor(options.dataDir);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.steps = {
      options,
      backoff: this.backoff,
      current: (id) => this.jobs.get(id)!,
      update: (job, change) => this.update(job, change),
      finish: (job, change) => this.finish(job, change),
    };
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
  ): Promise<DeidReport & { thumbnails: ReviewImage[] }> {
    const folder = join(
      this.options.dataDir,
      'staging',
      `preview-${randomBytes(8).toString('hex')}`,
    );
    try {
      const { report, thumbnails } = await pseudonymizeStudy(await this.options.filesOf(source), {
        options: deidOptions,
        outDir: folder,
        keys: await this.options.keys(),
        // Pictures of what will be sent, masks applied, for the doctor to look at first.
        thumbnails: true,
      });
      return { ...report, thumbnails };
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
      ...(request.reviewed === undefined || request.reviewed.length === 0
        ? {}
        : { reviewed: [...request.reviewed] }),
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
      const staged = await stageJob(this.steps, job, stagingDir, signal);
      if (staged === undefined) return;
      job = staged;
    }

    if (job.state === 'uploading')
      job = await uploadJob(this.steps, job, client, stagingDir, signal);

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
