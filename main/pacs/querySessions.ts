/**
 * Running queries: `start` answers at once with an id, the node's answers follow as
 * `pacs.queryPage` events batch by batch (the first rows show while a PACS is still sending),
 * and the last page says `done`, with the problem when the query failed or was cancelled.
 */
import { randomBytes } from 'node:crypto';
import type { EventPayload, RemoteQuery, RemoteStudy } from '../../preload/contract/index.js';
import { problemOf } from './dicomweb/problemOf.js';
import type { PacsClient } from './pacsClient.js';

/** Rows per event: a large answer reaches the renderer in pieces it can draw as they come. */
const ROWS_PER_EVENT = 500;
/** A query nobody cancelled still ends: no PACS takes this long for one search. */
const QUERY_TIME_LIMIT_MS = 5 * 60_000;

export class QuerySessions {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (page: EventPayload<'pacs.queryPage'>) => void) {}

  start(client: PacsClient, query: RemoteQuery): string {
    const queryId = `q-${randomBytes(8).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(queryId, controller);
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(QUERY_TIME_LIMIT_MS)]);
    const send = (studies: RemoteStudy[]): void => {
      for (let at = 0; at < studies.length; at += ROWS_PER_EVENT)
        this.emit({ queryId, studies: studies.slice(at, at + ROWS_PER_EVENT), done: false });
    };
    // Answered after the id is returned, so the renderer knows the id before the first page.
    setImmediate(() => {
      client
        .findStudies(query, signal, (batch) => {
          if (!controller.signal.aborted) send(batch);
        })
        .then(
          () => this.emit({ queryId, studies: [], done: true }),
          (error: unknown) =>
            this.emit({
              queryId,
              studies: [],
              done: true,
              problem: controller.signal.aborted ? 'cancelled' : problemOf(error),
            }),
        )
        .finally(() => this.running.delete(queryId));
    });
    return queryId;
  }

  /** The last page arrives as `done` with `cancelled`. Unknown ids (finished already) are fine. */
  cancel(queryId: string): void {
    this.running.get(queryId)?.abort();
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
