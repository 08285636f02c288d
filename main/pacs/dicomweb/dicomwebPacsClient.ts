/**
 * A remote node over DICOMweb (PS3.18) as the library's PacsClient: QIDO-RS for studies (paged)
 * and series, WADO-RS for retrieves, a one-study QIDO-RS as the echo. The HTTP exchanges,
 * limits and parsing are main/dicomweb's; this file decides what is asked and in what order.
 */
import type {
  DicomwebNode,
  RemoteQuery,
  RemoteSeries,
  RemoteStudy,
} from '../../../preload/contract/index.js';
import { DicomwebClient, type DicomJsonDataset } from '../../dicomweb/index.js';
import {
  PacsError,
  type InstanceSink,
  type PacsClient,
  type RetrieveReport,
} from '../pacsClient.js';
import { asPacsError } from './problemOf.js';
import { seriesParams, studyParams } from './qidoParams.js';
import { remoteSeries, remoteStudy } from './remoteRecords.js';
import { retrieveStudy } from './wadoRetrieve.js';

export interface DicomwebPacsOptions {
  /** The node's password or token from the keychain; undefined when none is stored. */
  secret: () => Promise<string | undefined>;
  /** Studies asked for per QIDO-RS page. */
  pageSize?: number;
  /** More answers than this end the query with `too_many_results` (the list is shown so far). */
  maxResults?: number;
  /** Largest single instance accepted. */
  maxInstanceBytes?: number;
  /** A query or a ping gives up after this long. */
  timeoutMs?: number;
}

const basic = (user: string, secret: string): string =>
  `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;

export function createDicomwebPacsClient(
  node: DicomwebNode,
  options: DicomwebPacsOptions,
): PacsClient {
  const authorization = async (): Promise<string | undefined> => {
    if (node.auth === 'none') return undefined;
    const secret = await options.secret().catch(() => undefined);
    if (secret === undefined || secret === '') throw new PacsError('secret_missing');
    return node.auth === 'basic' ? basic(node.username ?? '', secret) : `Bearer ${secret}`;
  };
  const http = new DicomwebClient({
    baseUrl: node.baseUrl,
    authorization,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  const pageSize = options.pageSize ?? 200;
  const maxResults = options.maxResults ?? 10_000;

  /** Every call's errors leave as PacsError with a problem code and nothing else. */
  const guarded = async <T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (signal.aborted) throw new PacsError('cancelled');
      throw asPacsError(error);
    }
  };

  return {
    echo: (signal) =>
      guarded(signal, async () => {
        const started = performance.now();
        await http.search({ of: 'studies' }, { limit: '1' }, signal);
        return performance.now() - started;
      }),

    findStudies: (query: RemoteQuery, signal, onBatch) =>
      guarded(signal, async () => {
        const seen = new Set<string>();
        const params = studyParams(query);
        for (let offset = 0; ; offset += pageSize) {
          const page: DicomJsonDataset[] = await http.search(
            { of: 'studies' },
            { ...params, limit: String(pageSize), offset: String(offset) },
            signal,
          );
          const fresh = page
            .map((dataset) => remoteStudy(node.id, dataset))
            .filter((study): study is RemoteStudy => study !== undefined)
            .filter(
              (study) => !seen.has(study.studyInstanceUid) && seen.add(study.studyInstanceUid),
            );
          if (seen.size > maxResults) {
            onBatch(fresh.slice(0, fresh.length - (seen.size - maxResults)));
            throw new PacsError('too_many_results');
          }
          if (fresh.length > 0) onBatch(fresh);
          // A short page is the last; a page of nothing new is a server ignoring `offset`.
          if (page.length < pageSize || fresh.length === 0) return;
        }
      }),

    findSeries: (studyInstanceUid, signal) =>
      guarded(signal, async () => {
        const answer = await http.search(
          { studyInstanceUid, of: 'series' },
          seriesParams(),
          signal,
        );
        const seen = new Set<string>();
        return answer
          .map((dataset) => remoteSeries(node.id, studyInstanceUid, dataset))
          .filter((series): series is RemoteSeries => series !== undefined)
          .filter((one) => !seen.has(one.seriesInstanceUid) && seen.add(one.seriesInstanceUid))
          .slice(0, 10_000);
      }),

    retrieve: (target, sink: InstanceSink, signal, onProgress): Promise<RetrieveReport> =>
      guarded(signal, () =>
        retrieveStudy(http, target, sink, signal, onProgress, {
          maxInstanceBytes: options.maxInstanceBytes ?? 2 * 1024 ** 3,
        }),
      ),
  };
}
