/**
 * The one retrieve queue: studies (or series) are fetched one after the other, each into its
 * own folder, then imported through the library's import path. The list is kept on disk, so
 * after a restart an unfinished retrieve carries on, skipping what is already there. A study is
 * `completed` only when every instance the node listed is on disk and imported; otherwise what
 * arrived is imported and the retrieve says `incomplete`, with the reason, and can be retried.
 */
import { randomBytes } from 'node:crypto';
import type { PacsProblem, RetrieveProgress } from '../../preload/contract/index.js';
import { problemOf } from './dicomweb/problemOf.js';
import type { PacsClient } from './pacsClient.js';
import { RetrieveFolder } from './retrieveFolder.js';
import type { RetrieveJournal, RetrieveRecord } from './retrieveJournal.js';
import { progressOf, type AttemptClock } from './retrieveProgress.js';

export interface RetrieveDeps {
  dataDir: string;
  journal: RetrieveJournal;
  /** The node's client; throws PacsError when the node is gone or cannot be used. */
  clientFor(nodeId: string): Promise<PacsClient>;
  /** Imports a finished folder through the library; answers the library's id of the study. */
  importFolder(folder: string, studyInstanceUid: string): Promise<string | undefined>;
  emit(progress: RetrieveProgress): void;
}

type Target = Pick<RetrieveRecord, 'nodeId' | 'studyInstanceUid' | 'seriesInstanceUid'>;

const ACTIVE = new Set<RetrieveRecord['state']>(['queued', 'retrieving', 'importing']);
/** Progress events per retrieve at most this often; state changes always go at once. */
const EMIT_EVERY_MS = 200;
const PERSIST_EVERY_MS = 2000;

export class RetrieveQueue {
  private records: RetrieveRecord[] = [];
  private running: { id: string; controller: AbortController; attempt: AttemptClock } | undefined;
  private pumping: Promise<void> | undefined;
  private stopped = false;

  private constructor(private readonly deps: RetrieveDeps) {}

  /** Reads the list on disk; what was queued or under way when the app stopped starts again. */
  static async open(deps: RetrieveDeps): Promise<RetrieveQueue> {
    const queue = new RetrieveQueue(deps);
    queue.records = (await deps.journal.read()).map((record) =>
      ACTIVE.has(record.state) ? { ...record, state: 'queued' } : record,
    );
    queue.pump();
    return queue;
  }

  list(): RetrieveProgress[] {
    return this.records.map((record) => this.progress(record));
  }

  add(target: Target): string {
    const same = this.records.find(
      (record) =>
        ACTIVE.has(record.state) &&
        record.nodeId === target.nodeId &&
        record.studyInstanceUid === target.studyInstanceUid &&
        record.seriesInstanceUid === target.seriesInstanceUid,
    );
    if (same !== undefined) return same.retrieveId;
    const record: RetrieveRecord = {
      retrieveId: `r-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      ...target,
      state: 'queued',
      instancesDone: 0,
      instancesFailed: 0,
      bytesDone: 0,
      createdAt: Date.now(),
    };
    this.records.push(record);
    this.changed(record);
    this.pump();
    return record.retrieveId;
  }

  cancel(retrieveId: string): void {
    const record = this.find(retrieveId);
    if (record === undefined || !ACTIVE.has(record.state)) return;
    if (this.running?.id === retrieveId) {
      this.running.controller.abort(new Error('cancelled'));
      return;
    }
    record.state = 'cancelled';
    this.changed(record);
  }

  /** Again from what is on disk: only the missing instances are asked for. */
  retry(retrieveId: string): void {
    const record = this.find(retrieveId);
    if (record === undefined || ACTIVE.has(record.state)) return;
    record.state = 'queued';
    delete record.problem;
    record.instancesFailed = 0;
    this.changed(record);
    this.pump();
  }

  /**
   * Forgets every retrieve (the library was cleared: the list names patients' studies and the
   * folders are gone). The running one is aborted first; the queue takes new work afterwards.
   */
  async clear(): Promise<void> {
    for (const record of this.records) if (record.state === 'queued') record.state = 'cancelled';
    this.running?.controller.abort(new Error('cancelled'));
    await this.pumping;
    this.records = [];
    await this.deps.journal.write(this.records);
  }

  /**
   * Stops work without marking anything finished (the app is quitting): the list on disk still
   * says under way, and the next start resumes it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.running?.controller.abort(new Error('stopping'));
    await this.pumping;
    await this.deps.journal.write(this.records);
  }

  private find(retrieveId: string): RetrieveRecord | undefined {
    return this.records.find((record) => record.retrieveId === retrieveId);
  }

  private progress(record: RetrieveRecord): RetrieveProgress {
    const attempt = this.running?.id === record.retrieveId ? this.running.attempt : undefined;
    return progressOf(record, attempt, Date.now());
  }

  private changed(record: RetrieveRecord): void {
    this.deps.emit(this.progress(record));
    void this.deps.journal.write(this.records).catch(() => undefined);
  }

  private pump(): void {
    if (this.pumping !== undefined || this.stopped) return;
    this.pumping = (async () => {
      for (;;) {
        const next = this.records.find((record) => record.state === 'queued');
        if (next === undefined || this.stopped) break;
        await this.run(next);
      }
    })().finally(() => {
      this.pumping = undefined;
    });
  }

  private async run(record: RetrieveRecord): Promise<void> {
    const controller = new AbortController();
    const attempt: AttemptClock = { startedAt: Date.now(), bytes: 0, instances: 0 };
    this.running = { id: record.retrieveId, controller, attempt };
    const folder = new RetrieveFolder(this.deps.dataDir, record.retrieveId);
    let lastEmit = 0;
    let lastPersist = Date.now();
    const tick = (): void => {
      const now = Date.now();
      if (now - lastEmit >= EMIT_EVERY_MS) {
        lastEmit = now;
        this.deps.emit(this.progress(record));
      }
      if (now - lastPersist >= PERSIST_EVERY_MS) {
        lastPersist = now;
        void this.deps.journal.write(this.records).catch(() => undefined);
      }
    };
    record.state = 'retrieving';
    delete record.problem;
    this.changed(record);
    try {
      const sink = await folder.sink((bytes) => {
        attempt.bytes += bytes;
        attempt.instances++;
        record.instancesDone++;
        record.bytesDone += bytes;
        tick();
      });
      record.instancesDone = sink.alreadyHave.size;
      const client = await this.deps.clientFor(record.nodeId);
      const target = {
        studyInstanceUid: record.studyInstanceUid,
        ...(record.seriesInstanceUid === undefined
          ? {}
          : { seriesInstanceUid: record.seriesInstanceUid }),
      };
      const report = await client.retrieve(target, sink, controller.signal, (so) => {
        if (so.total !== undefined) record.instancesTotal = so.total;
        record.instancesFailed = so.failed;
        tick();
      });
      if (report.total !== undefined) record.instancesTotal = report.total;
      record.instancesFailed = report.failed;
      await folder.flush();
      record.instancesDone = (await folder.instances()).size;
      await this.finish(record, folder, report.problem);
    } catch (error) {
      if (this.stopped) return; // left as under way on disk: the next start resumes it
      record.state = controller.signal.aborted ? 'cancelled' : 'failed';
      if (record.state === 'failed') record.problem = problemOf(error);
      record.instancesDone = (await folder.instances()).size;
    } finally {
      this.running = undefined;
      if (!this.stopped) this.changed(record);
    }
  }

  /** Imports what arrived; complete only when nothing the node listed is missing. */
  private async finish(
    record: RetrieveRecord,
    folder: RetrieveFolder,
    problem: PacsProblem | undefined,
  ): Promise<void> {
    if (record.instancesDone === 0) {
      record.state = 'failed';
      record.problem = problem ?? 'not_found';
      return;
    }
    record.state = 'importing';
    this.changed(record);
    const studyId = await this.deps.importFolder(folder.path, record.studyInstanceUid);
    if (studyId !== undefined) record.studyId = studyId;
    const missing =
      record.instancesFailed > 0 ||
      (record.instancesTotal !== undefined && record.instancesDone < record.instancesTotal);
    record.state = missing ? 'incomplete' : 'completed';
    if (missing) record.problem = problem ?? 'protocol_error';
  }
}
