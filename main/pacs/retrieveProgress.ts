/**
 * What the user sees of a running retrieve beside its counts: the rate of this attempt and the
 * time left, from the bytes an instance has taken so far. Absent until there is something to
 * measure, never a guess from nothing.
 */
import type { RetrieveProgress } from '../../preload/contract/index.js';
import type { RetrieveRecord } from './retrieveJournal.js';

export interface AttemptClock {
  startedAt: number;
  /** Bytes and instances written in this attempt (a resume starts from what is on disk). */
  bytes: number;
  instances: number;
}

export function progressOf(
  record: RetrieveRecord,
  attempt: AttemptClock | undefined,
  now: number,
): RetrieveProgress {
  const progress: RetrieveProgress = { ...record };
  delete (progress as Partial<RetrieveRecord>).createdAt;
  if (attempt === undefined || record.state !== 'retrieving') return progress;
  const seconds = (now - attempt.startedAt) / 1000;
  if (seconds <= 0 || attempt.bytes === 0 || attempt.instances === 0) return progress;
  const bytesPerSecond = attempt.bytes / seconds;
  const total = record.instancesTotal;
  if (total === undefined) return { ...progress, bytesPerSecond };
  const left = Math.max(0, total - record.instancesDone - record.instancesFailed);
  const secondsLeft = (left * (attempt.bytes / attempt.instances)) / bytesPerSecond;
  return { ...progress, bytesPerSecond, secondsLeft };
}
