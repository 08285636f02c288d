/**
 * Retries with exponential back-off and full jitter: many workstations that lost the same
 * platform must not all come back at the same instant. A server's Retry-After (RFC 9110 §10.2.3)
 * is honoured when it asks for longer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DicomwebError } from '../dicomweb/index.js';

export interface BackoffPolicy {
  /** First delay, ms. */
  baseMs: number;
  /** Longest single delay, ms. */
  maxMs: number;
  /** How long to keep trying in all before giving up, ms. */
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 500,
  maxMs: 30_000,
  giveUpAfterMs: 15 * 60_000,
};

export function isRetryable(error: unknown): boolean {
  return error instanceof DicomwebError && error.retryable;
}

export async function withBackoff<T>(
  attempt: () => Promise<T>,
  policy: BackoffPolicy,
  signal: AbortSignal,
  onRetry?: (error: unknown) => void,
): Promise<T> {
  const started = Date.now();
  for (let failures = 0; ; failures++) {
    signal.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted || !isRetryable(error) || Date.now() - started > policy.giveUpAfterMs)
        throw error;
      onRetry?.(error);
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures, 16));
      const asked =
        error instanceof DicomwebError && error.retryAfterSeconds !== undefined
          ? Math.min(policy.maxMs, error.retryAfterSeconds * 1000)
          : 0;
      await sleep(Math.max(asked, Math.random() * ceiling), undefined, { signal });
    }
  }
}
