/**
 * Uploads a job's staged instances with STOW-RS, several requests in flight, each a small batch
 * of instances, with progress in instances and bytes. Before sending, the server is asked (QIDO-RS)
 * which of them it already holds, and those are not sent again: after an app restart, after a
 * lost answer, or when the platform lost what it had (a restart empties its scratch store) the
 * upload sends exactly what is missing. Network errors and 5xx are retried with back-off.
 */
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { DicomwebClient } from '../dicomweb/index.js';
import { pathInside } from '../storage/index.js';
import { withBackoff, type BackoffPolicy } from './backoff.js';
import type { StagedInstance } from './sendJob.js';

export interface StowUploadOptions {
  client: DicomwebClient;
  stagingDir: string;
  studyInstanceUid: string;
  instances: readonly StagedInstance[];
  backoff: BackoffPolicy;
  signal: AbortSignal;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Most bytes in one request (a few instances), so a retry repeats little. */
  batchBytes?: number;
  /** The server holds exactly these staged instances (asked at the start of each round). */
  onPresent(sopInstanceUids: string[]): void;
  /** The server stored these now. */
  onStored(sopInstanceUids: string[]): void;
  onRetry?(error: unknown): void;
}

export class StowRefusedError extends Error {
  constructor(readonly refused: number) {
    super(`the server refused ${refused} instance(s)`);
    this.name = 'StowRefusedError';
  }
}

function batches(
  instances: readonly StagedInstance[],
  maxBytes: number,
  maxCount: number,
): StagedInstance[][] {
  const out: StagedInstance[][] = [];
  let current: StagedInstance[] = [];
  let bytes = 0;
  for (const instance of instances) {
    if (current.length > 0 && (bytes + instance.bytes > maxBytes || current.length >= maxCount)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(instance);
    bytes += instance.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Sends what the server does not hold yet; resolves when it holds every staged instance. */
export async function stowUpload(options: StowUploadOptions): Promise<void> {
  const { client, signal } = options;
  const limit = pLimit(options.concurrency ?? 4);
  // A platform that restarts during the upload may lose what it had: check and send again, a few rounds.
  for (let round = 0; round < 5; round++) {
    const present = await withBackoff(
      () => client.instanceUidsOfStudy(options.studyInstanceUid, signal),
      options.backoff,
      signal,
      options.onRetry,
    );
    const missing = options.instances.filter((instance) => !present.has(instance.sopInstanceUid));
    const already = options.instances.filter((instance) => present.has(instance.sopInstanceUid));
    options.onPresent(already.map((instance) => instance.sopInstanceUid));
    if (missing.length === 0) return;
    let refused = 0;
    await Promise.all(
      batches(missing, options.batchBytes ?? 4 * 1024 * 1024, 16).map((batch) =>
        limit(async () => {
          const bodies = await Promise.all(
            // The job record names the file; it must not lead out of the staging folder.
            batch.map((instance) => readFile(pathInside(options.stagingDir, instance.file))),
          );
          const outcome = await withBackoff(
            () => client.store(bodies, { studyInstanceUid: options.studyInstanceUid, signal }),
            options.backoff,
            signal,
            options.onRetry,
          );
          const stored = new Set(outcome.stored);
          const done = batch.filter((instance) => stored.has(instance.sopInstanceUid));
          refused += batch.length - done.length;
          options.onStored(done.map((instance) => instance.sopInstanceUid));
        }),
      ),
    );
    if (refused > 0) throw new StowRefusedError(refused);
  }
  throw new StowRefusedError(0);
}
