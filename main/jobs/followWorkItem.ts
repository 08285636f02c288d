/**
 * Follows a UPS work item to its end (COMPLETED or CANCELED): subscribed to its events on the
 * WebSocket event channel (PS3.18 §11.10, §11.12), and polling the item (§11.5) as a fallback,
 * slowly while the channel is open and faster when it is not (proxies that block WebSockets,
 * a platform restart). Events only trigger a fresh read of the item: the item is the truth.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import {
  type DicomJsonDataset,
  type DicomwebClient,
  numberValue,
  parseEventReports,
  sequenceItems,
  stringValue,
  tag,
} from '../dicomweb/index.js';
import { isRetryable } from './backoff.js';

export type ProcedureStepState = 'SCHEDULED' | 'IN PROGRESS' | 'COMPLETED' | 'CANCELED';

export interface WorkItemStatus {
  state: ProcedureStepState;
  percent?: number;
  item: DicomJsonDataset;
}

export interface FollowOptions {
  client: DicomwebClient;
  workItemUid: string;
  aeTitle: string;
  signal: AbortSignal;
  onStatus(status: WorkItemStatus): void;
  /** Poll interval with the channel open / without it, ms. */
  pollMs?: { withChannel: number; withoutChannel: number };
  /** How long to wait before trying a failed channel again, ms. */
  channelRetryMs?: number;
}

export function statusOf(item: DicomJsonDataset): WorkItemStatus | undefined {
  const state = stringValue(item, tag.procedureStepState);
  if (
    state !== 'SCHEDULED' &&
    state !== 'IN PROGRESS' &&
    state !== 'COMPLETED' &&
    state !== 'CANCELED'
  )
    return undefined;
  const percent = numberValue(
    sequenceItems(item, tag.procedureStepProgressInformationSequence)[0],
    tag.procedureStepProgress,
  );
  return { state, item, ...(percent === undefined ? {} : { percent }) };
}

export async function followWorkItem(options: FollowOptions): Promise<WorkItemStatus> {
  const { client, workItemUid, signal } = options;
  const poll = options.pollMs ?? { withChannel: 10_000, withoutChannel: 2_000 };
  let socket: WebSocket | undefined;
  // A channel that could not be opened is tried again now and then, not on every poll.
  let nextChannelAttempt = 0;
  let wake: (() => void) | undefined;
  const nudge = (): void => wake?.();

  const openChannel = async (): Promise<void> => {
    try {
      await client.subscribe(workItemUid, options.aeTitle);
      const opened = await client.openEventChannel(options.aeTitle);
      opened.on('message', (data) => {
        const reports = parseEventReports(data.toString());
        if (
          reports.some(
            (report) =>
              stringValue(report, tag.affectedSopInstanceUid) === workItemUid ||
              stringValue(report, tag.affectedSopInstanceUid) === undefined,
          )
        )
          nudge();
      });
      opened.on('close', () => {
        if (socket === opened) socket = undefined;
        nudge();
      });
      opened.on('error', () => opened.terminate());
      socket = opened;
    } catch (error) {
      if (!isRetryable(error) && !(error instanceof Error && error.name === 'DicomwebError'))
        throw error;
      // No channel (refused, blocked or down): polling carries on alone.
    }
  };

  try {
    for (;;) {
      signal.throwIfAborted();
      if (socket === undefined && Date.now() >= nextChannelAttempt) {
        nextChannelAttempt = Date.now() + (options.channelRetryMs ?? 30_000);
        await openChannel();
      }
      try {
        const status = statusOf(await client.workItem(workItemUid, signal));
        if (status !== undefined) {
          options.onStatus(status);
          if (status.state === 'COMPLETED' || status.state === 'CANCELED') return status;
        }
      } catch (error) {
        if (!isRetryable(error)) throw error;
      }
      const woken = new Promise<void>((resolve) => (wake = resolve));
      await Promise.race([
        sleep(socket === undefined ? poll.withoutChannel : poll.withChannel, undefined, { signal }),
        woken,
      ]);
      wake = undefined;
    }
  } finally {
    socket?.removeAllListeners('close');
    socket?.terminate();
  }
}
