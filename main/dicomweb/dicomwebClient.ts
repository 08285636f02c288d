/**
 * A DICOMweb client for any conformant origin server (PS3.18): STOW-RS (§10.5), QIDO-RS
 * (§10.6), WADO-RS (§10.4) and UPS-RS (§11) with its WebSocket event channel (§11.12). Every
 * answer is parsed with the DICOM JSON schemas before use. The bearer token is sent to the
 * configured origin only: URLs a server hands back (Retrieve URL, Content-Location) are followed
 * only when they lie under the configured base, otherwise the client builds the URL itself.
 */
import type WebSocket from 'ws';
import { z } from 'zod';
import { isDicomUid } from '../dicom/index.js';
import { RESPONSE_LIMITS, readBoundedBody, readBoundedText } from '../net/index.js';
import {
  DicomJsonArraySchema,
  DicomJsonDatasetSchema,
  sequenceItems,
  stringValue,
  tag,
  type DicomJsonDataset,
} from './dicomJson.js';
import type { IncomingMessage } from 'node:http';
import { getStream } from './getStream.js';
import { IdleWatch } from './idleWatch.js';
import {
  buildMultipartRelated,
  mediaTypeParameters,
  MultipartError,
  newBoundary,
  parseMultipartRelated,
} from './multipartRelated.js';
import { multipartParts, PartTooLargeError } from './multipartStream.js';
import { postChunks } from './postChunks.js';

export type AccessTokenSource = () => string | undefined | Promise<string | undefined>;

export interface DicomwebClientOptions {
  /** DICOMweb root, e.g. https://platform.example/dicomweb or http://127.0.0.1:8042/dicom-web. */
  baseUrl: string;
  accessToken?: AccessTokenSource;
  /** The whole Authorization header (Basic or Bearer) where the caller builds it; wins over `accessToken`. */
  authorization?: AccessTokenSource;
  /** Per-request time limit; an upload of a large batch may need more. */
  timeoutMs?: number;
}

/** A failed exchange: `network` (no HTTP answer) or an HTTP status. */
export class DicomwebError extends Error {
  constructor(
    readonly kind: 'network' | 'http' | 'invalid-response',
    readonly status: number | undefined,
    /** Worth trying again later: the network, 408, 429 and 5xx (RFC 9110 §15.6). */
    readonly retryable: boolean,
    /** Seconds from Retry-After, when the server sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(
      kind === 'http' ? `DICOMweb request failed with HTTP ${status}` : `DICOMweb ${kind} error`,
    );
    this.name = 'DicomwebError';
  }
}

export interface StowOutcome {
  /** SOP Instance UIDs the server reports as stored (Referenced SOP Sequence). */
  stored: string[];
  /** Instances the server refused, with its Failure Reason (PS3.18 Table 10.5.3-1). */
  failed: { sopInstanceUid: string | undefined; reason: number | undefined }[];
  status: number;
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

function checkUid(uid: string): string {
  if (!isDicomUid(uid)) throw new DicomwebError('invalid-response', undefined, false);
  return uid;
}

export class DicomwebClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: DicomwebClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  private async headers(extra: Record<string, string>): Promise<Record<string, string>> {
    if (this.options.authorization !== undefined) {
      const header = await this.options.authorization();
      return header === undefined ? extra : { ...extra, authorization: header };
    }
    const token = await this.options.accessToken?.();
    return token === undefined ? extra : { ...extra, authorization: `Bearer ${token}` };
  }

  /** One HTTP exchange; network failures and error statuses become DicomwebError. */
  private async request(
    path: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: BodyInit;
      chunks?: { list: Buffer[]; length: number };
      signal?: AbortSignal;
      /** No overall limit: the caller watches the exchange itself (a long streamed retrieve). */
      untimed?: boolean;
    },
    okStatuses: number[] = [200],
  ): Promise<Response> {
    const signal = AbortSignal.any([
      ...(init.untimed === true ? [] : [AbortSignal.timeout(this.timeoutMs)]),
      ...(init.signal ? [init.signal] : []),
    ]);
    let response: Response;
    try {
      const headers = await this.headers(init.headers ?? {});
      response =
        init.chunks !== undefined
          ? await postChunks(
              `${this.baseUrl}${path}`,
              headers,
              init.chunks.list,
              init.chunks.length,
              signal,
            )
          : await fetch(`${this.baseUrl}${path}`, {
              method: init.method ?? 'GET',
              headers,
              ...(init.body === undefined ? {} : { body: init.body }),
              signal,
            });
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      // The socket's error stays underneath: it tells refused from unreachable from TLS.
      throw Object.assign(new DicomwebError('network', undefined, true), { cause: error });
    }
    if (!okStatuses.includes(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      throw new DicomwebError(
        'http',
        status,
        status === 408 || status === 429 || status >= 500,
        retryAfter(response),
      );
    }
    return response;
  }

  private async json<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    // Past the limit this throws ResponseTooLargeError, and the request is aborted.
    const text = await readBoundedText(response, RESPONSE_LIMITS.json, 'json');
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw new DicomwebError('invalid-response', response.status, false);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw new DicomwebError('invalid-response', response.status, false);
    return result.data;
  }

  // ---- STOW-RS (PS3.18 §10.5) -------------------------------------------------------------

  /**
   * Stores instances in one request. 200: all stored; 202: some failed; 409: none stored
   * (§10.5.3). The answer's Referenced SOP Sequence says which were stored.
   */
  async store(
    instances: readonly Uint8Array[],
    options: { studyInstanceUid?: string; signal?: AbortSignal } = {},
  ): Promise<StowOutcome> {
    const boundary = newBoundary();
    const { chunks, length } = buildMultipartRelated(
      boundary,
      instances.map((body) => ({ contentType: 'application/dicom', body })),
    );
    const path =
      options.studyInstanceUid === undefined
        ? '/studies'
        : `/studies/${checkUid(options.studyInstanceUid)}`;
    const response = await this.request(
      path,
      {
        method: 'POST',
        headers: {
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          accept: 'application/dicom+json',
        },
        chunks: { list: chunks, length },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      [200, 202, 409],
    );
    const answer = await this.json(response, DicomJsonDatasetSchema.optional());
    // Only well-formed UIDs: the job record keeps them, and a malformed one would spoil it.
    const stored = sequenceItems(answer, tag.referencedSopSequence).flatMap((item) => {
      const uid = stringValue(item, tag.referencedSopInstanceUid);
      return isDicomUid(uid) ? [uid] : [];
    });
    const failed = sequenceItems(answer, tag.failedSopSequence).map((item) => ({
      sopInstanceUid: stringValue(item, tag.referencedSopInstanceUid),
      reason: Number(stringValue(item, tag.failureReason) ?? Number.NaN) || undefined,
    }));
    return { stored, failed, status: response.status };
  }

  // ---- QIDO-RS (PS3.18 §10.6) -------------------------------------------------------------

  async search(
    level: {
      studyInstanceUid?: string;
      seriesInstanceUid?: string;
      of: 'studies' | 'series' | 'instances';
    },
    query: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<DicomJsonDataset[]> {
    let path = '';
    if (level.studyInstanceUid !== undefined)
      path += `/studies/${checkUid(level.studyInstanceUid)}`;
    if (level.seriesInstanceUid !== undefined)
      path += `/series/${checkUid(level.seriesInstanceUid)}`;
    path += `/${level.of}`;
    const search = new URLSearchParams(query).toString();
    const response = await this.request(
      `${path}${search === '' ? '' : `?${search}`}`,
      { headers: { accept: 'application/dicom+json' }, ...(signal ? { signal } : {}) },
      [200, 204],
    );
    if (response.status === 204) return [];
    return (await this.json(response, DicomJsonArraySchema.optional())) ?? [];
  }

  /** Every SOP Instance UID of a study the server holds (paged with limit/offset, §8.3.4.4). */
  async instanceUidsOfStudy(studyInstanceUid: string, signal?: AbortSignal): Promise<Set<string>> {
    const found = new Set<string>();
    const pageSize = 1000;
    for (let offset = 0; ; offset += pageSize) {
      let page: DicomJsonDataset[];
      try {
        page = await this.search(
          { studyInstanceUid, of: 'instances' },
          { limit: String(pageSize), offset: String(offset), includefield: tag.sopInstanceUid },
          signal,
        );
      } catch (error) {
        // An unknown study is an empty one (some servers answer 404 instead of an empty list).
        if (error instanceof DicomwebError && error.status === 404) return found;
        throw error;
      }
      for (const item of page) {
        const uid = stringValue(item, tag.sopInstanceUid);
        if (uid !== undefined) found.add(uid);
      }
      if (page.length < pageSize) return found;
    }
  }

  // ---- WADO-RS (PS3.18 §10.4) -------------------------------------------------------------

  /**
   * Instances of a study, a series or one instance, as Part 10 bytes. The body is read up to
   * `limitBytes` (the caller's budget for all its results) and the request aborted past it.
   */
  async retrieve(
    target: { studyInstanceUid: string; seriesInstanceUid?: string; sopInstanceUid?: string },
    signal?: AbortSignal,
    limitBytes: number = RESPONSE_LIMITS.resultsPerJob,
  ): Promise<Uint8Array[]> {
    let path = `/studies/${checkUid(target.studyInstanceUid)}`;
    if (target.seriesInstanceUid !== undefined)
      path += `/series/${checkUid(target.seriesInstanceUid)}`;
    if (target.sopInstanceUid !== undefined) {
      if (target.seriesInstanceUid === undefined)
        throw new DicomwebError('invalid-response', undefined, false);
      path += `/instances/${checkUid(target.sopInstanceUid)}`;
    }
    const response = await this.request(path, {
      headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      ...(signal ? { signal } : {}),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (mediaTypeParameters(contentType).type !== 'multipart/related') {
      await response.body?.cancel().catch(() => undefined);
      throw new DicomwebError('invalid-response', response.status, false);
    }
    const body = await readBoundedBody(response, limitBytes, 'results');
    try {
      return parseMultipartRelated(body, contentType).map((part) => part.body);
    } catch {
      throw new DicomwebError('invalid-response', response.status, false);
    }
  }

  /**
   * Like `retrieve`, but the instances are handed on one by one as they arrive, each at most
   * `maxPartBytes`, so memory holds one instance whatever the size of the study. The request
   * is aborted when no byte arrives for `idleMs`, or when `signal` aborts.
   */
  async *retrieveParts(
    target: { studyInstanceUid: string; seriesInstanceUid?: string; sopInstanceUid?: string },
    options: { signal: AbortSignal; maxPartBytes: number; idleMs: number },
  ): AsyncGenerator<Uint8Array> {
    let path = `/studies/${checkUid(target.studyInstanceUid)}`;
    if (target.seriesInstanceUid !== undefined)
      path += `/series/${checkUid(target.seriesInstanceUid)}`;
    if (target.sopInstanceUid !== undefined) {
      if (target.seriesInstanceUid === undefined)
        throw new DicomwebError('invalid-response', undefined, false);
      path += `/instances/${checkUid(target.sopInstanceUid)}`;
    }
    const idle = new IdleWatch(options.idleMs);
    const signal = AbortSignal.any([options.signal, idle.signal]);
    let answer: IncomingMessage;
    try {
      const headers = await this.headers({
        accept: 'multipart/related; type="application/dicom"; transfer-syntax=*',
      });
      answer = await getStream(`${this.baseUrl}${path}`, headers, signal);
    } catch (error) {
      idle.stop();
      if (options.signal.aborted) throw options.signal.reason ?? error;
      throw Object.assign(new DicomwebError('network', undefined, true), { cause: error });
    }
    try {
      const status = answer.statusCode ?? 502;
      const contentType = answer.headers['content-type'] ?? '';
      if (status !== 200) {
        throw new DicomwebError('http', status, status === 408 || status === 429 || status >= 500);
      }
      if (mediaTypeParameters(contentType).type !== 'multipart/related')
        throw new DicomwebError('invalid-response', status, false);
      const chunks = async function* (): AsyncGenerator<Uint8Array> {
        for await (const chunk of answer) {
          idle.touch();
          yield chunk as Buffer;
        }
      };
      try {
        for await (const part of multipartParts(chunks(), contentType, options.maxPartBytes))
          yield part.body;
      } catch (error) {
        if (options.signal.aborted) throw options.signal.reason ?? error;
        if (error instanceof MultipartError)
          throw new DicomwebError('invalid-response', status, false);
        if (error instanceof PartTooLargeError) throw error;
        throw Object.assign(new DicomwebError('network', undefined, true), { cause: error });
      }
    } finally {
      idle.stop();
      answer.destroy();
    }
  }

  // ---- UPS-RS (PS3.18 §11) ----------------------------------------------------------------

  /**
   * Creates a work item (§11.4). The client chooses the UID (`?workitem=`), so sending the same
   * request again after a lost answer cannot create a second item: the server answers 409.
   */
  async createWorkItem(
    workItemUid: string,
    dataset: DicomJsonDataset,
    signal?: AbortSignal,
  ): Promise<'created' | 'exists'> {
    const response = await this.request(
      `/workitems?workitem=${checkUid(workItemUid)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/dicom+json', accept: 'application/dicom+json' },
        body: JSON.stringify([dataset]),
        ...(signal ? { signal } : {}),
      },
      [200, 201, 409],
    );
    await response.body?.cancel().catch(() => undefined);
    return response.status === 409 ? 'exists' : 'created';
  }

  /** Retrieve a work item (§11.5). */
  async workItem(workItemUid: string, signal?: AbortSignal): Promise<DicomJsonDataset> {
    const response = await this.request(`/workitems/${checkUid(workItemUid)}`, {
      headers: { accept: 'application/dicom+json' },
      ...(signal ? { signal } : {}),
    });
    const [item] = await this.json(
      response,
      DicomJsonArraySchema.min(1).or(DicomJsonDatasetSchema.transform((one) => [one])),
    );
    return item!;
  }

  /** Request cancellation (§11.8); the performer decides, the state change arrives as an event. */
  async requestCancel(workItemUid: string, reason: string): Promise<void> {
    const body = JSON.stringify([{ [tag.reasonForCancellation]: { vr: 'LT', Value: [reason] } }]);
    const response = await this.request(
      `/workitems/${checkUid(workItemUid)}/cancelrequest`,
      { method: 'POST', headers: { 'content-type': 'application/dicom+json' }, body },
      [200, 202, 409],
    );
    await response.body?.cancel().catch(() => undefined);
  }

  /** Subscribe an AE title to one work item's events (§11.10). */
  async subscribe(workItemUid: string, aeTitle: string): Promise<void> {
    const response = await this.request(
      `/workitems/${checkUid(workItemUid)}/subscribers/${encodeURIComponent(aeTitle)}`,
      { method: 'POST' },
      [200, 201],
    );
    await response.body?.cancel().catch(() => undefined);
  }

  /**
   * Opens the event channel (§11.12) for an AE title. Its URL is built from the configured base,
   * never taken from the server's Content-Location, so the token goes nowhere else.
   */
  async openEventChannel(aeTitle: string): Promise<WebSocket> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/subscribers/${encodeURIComponent(aeTitle)}`;
    // Loaded when a channel first opens: the module and what it loads (http, tls, net) are a
    // large part of the start-up of anything that imports this client without using it.
    const { default: WebSocketClient } = await import('ws');
    const socket = new WebSocketClient(url, {
      headers: await this.headers({}),
      maxPayload: 16 * 1024 * 1024,
      handshakeTimeout: 10_000,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', () => reject(new DicomwebError('network', undefined, true)));
      socket.once('unexpected-response', (_request, response) => {
        socket.terminate();
        reject(new DicomwebError('http', response.statusCode, (response.statusCode ?? 500) >= 500));
      });
    });
    return socket;
  }
}

/** Parses one event report message of the channel: a DICOM JSON array (§11.12). */
export function parseEventReports(message: string): DicomJsonDataset[] {
  try {
    const parsed = DicomJsonArraySchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
