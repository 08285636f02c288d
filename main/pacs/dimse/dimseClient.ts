/**
 * The PacsClient of a DIMSE node: C-ECHO, C-FIND at study then series level, and retrieve by
 * C-GET (instances come back on our own association, so it works behind NAT) or C-MOVE (the node
 * pushes them to our storage SCP). Each call is its own association, released at the end.
 */
import type {
  DimseNode,
  LocalAe,
  RemoteQuery,
  RemoteSeries,
  RemoteStudy,
} from '../../../preload/contract/index.js';
import {
  PacsError,
  type InstanceSink,
  type PacsClient,
  type RetrieveReport,
} from '../pacsClient.js';
import { performCancellable } from './cancellable.js';
import {
  ClientAssociation,
  type IncomingStore,
  type ProposedContext,
  type Timeouts,
} from './clientAssociation.js';
import { constants, Dataset, requests, type Response } from './dimseLibrary.js';
import { identifierOf } from './dimseNetwork.js';
import {
  readSeriesAnswer,
  readSopClassesAnswer,
  readStudyAnswer,
  seriesQueryIdentifier,
  sopClassesQueryIdentifier,
  studyQueryIdentifier,
} from './findIdentifiers.js';
import type { MoveReceiver } from './moveReceiver.js';
import { getStoreHandler } from './getStoreHandler.js';
import { tlsClientOptions } from './tlsOptions.js';
import {
  COMMON_STORAGE_CLASSES,
  IMPLICIT_LITTLE,
  STUDY_ROOT_FIND,
  STUDY_ROOT_GET,
  STUDY_ROOT_MOVE,
  VERIFICATION,
  storageContextsForGet,
} from './transferSyntaxes.js';

const { Status } = constants;

export interface DimseClientOptions {
  timeouts?: Partial<Timeouts>;
  /** C-FIND answers kept at most; past it the query is cancelled with `too_many_results`. */
  maxResults?: number;
  /** Answers handed on together (the first batch goes as soon as it is full or a moment passed). */
  batchSize?: number;
  /** The TLS private key's passphrase, from the keychain. */
  tlsPassphrase?: string;
  /** The running storage SCP: needed for C-MOVE. */
  moveReceiver?: MoveReceiver;
  /** Largest instance accepted by C-GET; larger ones count as failed. */
  maxInstanceBytes?: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  associationMs: 15_000,
  responseMs: 60_000,
};
const DEFAULT_MAX_RESULTS = 5000;
const UID = /^[0-9.]{1,64}$/;

/** A data set dcmjs sends as the bytes Mitate encoded (implicit VR little endian). */
class EncodedIdentifier extends Dataset {
  constructor(private readonly encoded: Buffer) {
    super({}, IMPLICIT_LITTLE);
  }
  override getDenaturalizedDataset(): Buffer {
    return this.encoded;
  }
}

function findRequest(identifier: Buffer): InstanceType<typeof requests.CFindRequest> {
  const request = new requests.CFindRequest();
  request.setDataset(new EncodedIdentifier(identifier));
  return request;
}

function failureOfFinal(response: Response, what: string): PacsError | undefined {
  const status = response.getStatus();
  if (status === Status.Success) return undefined;
  if (status === Status.Cancel) return new PacsError('cancelled');
  if (status === Status.MoveDestinationUnknown)
    return new PacsError('unknown_ae', 'move destination unknown');
  if (status >= 0xa000 && status < 0xb000)
    return new PacsError('protocol_error', `${what} refused`);
  if (status >= 0xc000 && status < 0xd000) return new PacsError('protocol_error', `${what} failed`);
  return undefined; // warnings (0xB000…) keep what arrived
}

export function createDimseClient(
  node: DimseNode,
  local: LocalAe,
  options: DimseClientOptions = {},
): PacsClient {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  const batchSize = options.batchSize ?? 100;

  const open = async (
    contexts: ProposedContext[],
    signal: AbortSignal,
    onStore?: (store: IncomingStore) => Promise<number>,
  ): Promise<ClientAssociation> => {
    if (signal.aborted) throw new PacsError('cancelled');
    const tls = node.tls.enabled
      ? await tlsClientOptions(node.tls, node.host, options.tlsPassphrase)
      : undefined;
    const association = await ClientAssociation.open(
      {
        host: node.host,
        port: node.port,
        callingAeTitle: local.aeTitle,
        calledAeTitle: node.aeTitle,
        ...(tls === undefined ? {} : { tls }),
      },
      contexts,
      timeouts,
      {
        ...(onStore === undefined ? {} : { onStore }),
        maxInstanceBytes: options.maxInstanceBytes ?? local.maxInstanceBytes,
      },
    );
    const service = contexts[0]!.abstractSyntax;
    if (!association.accepted(service)) {
      association.abort();
      throw new PacsError('association_rejected', 'the node does not offer the service');
    }
    return association;
  };
  const queryContext = (abstractSyntax: string): ProposedContext => ({
    abstractSyntax,
    transferSyntaxes: [IMPLICIT_LITTLE],
  });

  /** Runs a C-FIND and hands each answer to `onAnswer`, capped at `maxResults`. */
  const find = async (
    identifier: Buffer,
    signal: AbortSignal,
    onAnswer: (identifier: Buffer) => void,
  ): Promise<void> => {
    const association = await open([queryContext(STUDY_ROOT_FIND)], signal);
    try {
      let answers = 0;
      const final = await performCancellable(
        association,
        findRequest(identifier),
        signal,
        (response) => {
          const bytes = identifierOf(response);
          if (bytes === undefined) return;
          if (bytes === 'too-large') throw new PacsError('response_too_large');
          if (++answers > maxResults) throw new PacsError('too_many_results');
          onAnswer(bytes);
        },
      );
      const failure = failureOfFinal(final, 'query');
      if (failure !== undefined) throw failure;
      await association.release();
    } finally {
      association.abort();
    }
  };

  const sopClassesOf = async (studyInstanceUid: string, signal: AbortSignal): Promise<string[]> => {
    const classes = new Set<string>();
    await find(sopClassesQueryIdentifier(studyInstanceUid), signal, (bytes) => {
      for (const uid of readSopClassesAnswer(bytes)) classes.add(uid);
    });
    return classes.size > 0 ? [...classes] : [...COMMON_STORAGE_CLASSES];
  };

  const retrieveByGet = async (
    target: { studyInstanceUid: string; seriesInstanceUid?: string },
    sink: InstanceSink,
    signal: AbortSignal,
    onProgress: (report: RetrieveReport & { bytes: number }) => void,
  ): Promise<RetrieveReport> => {
    const classes = await sopClassesOf(target.studyInstanceUid, signal);
    const report: RetrieveReport & { bytes: number; duplicates: number } = {
      received: 0,
      failed: 0,
      bytes: 0,
      duplicates: 0,
    };
    const onStore = getStoreHandler(node.aeTitle, sink, report, onProgress);
    const contexts: ProposedContext[] = [
      queryContext(STUDY_ROOT_GET),
      ...storageContextsForGet(classes, 1).map((context) => ({
        abstractSyntax: context.sopClass,
        transferSyntaxes: context.transferSyntaxes,
        scpRole: true,
      })),
    ];
    const association = await open(contexts, signal, onStore);
    try {
      const request =
        target.seriesInstanceUid === undefined
          ? requests.CGetRequest.createStudyGetRequest(target.studyInstanceUid)
          : requests.CGetRequest.createSeriesGetRequest(
              target.studyInstanceUid,
              target.seriesInstanceUid,
            );
      const final = (await performCancellable(association, request, signal, (response) => {
        const pending = response as InstanceType<
          typeof import('dcmjs-dimse').responses.CGetResponse
        >;
        report.total =
          pending.getRemaining() +
          pending.getCompleted() +
          pending.getFailures() +
          pending.getWarnings();
        onProgress({ ...report });
      })) as InstanceType<typeof import('dcmjs-dimse').responses.CGetResponse>;
      const failures = final.getFailures() ?? 0;
      report.failed = Math.max(report.failed, failures);
      report.total ??= report.received + report.failed;
      const failure = failureOfFinal(final, 'retrieve');
      if (failure !== undefined && report.received === 0) throw failure;
      await association.release();
      return report;
    } finally {
      association.abort();
    }
  };

  const retrieveByMove = async (
    target: { studyInstanceUid: string; seriesInstanceUid?: string },
    sink: InstanceSink,
    signal: AbortSignal,
    onProgress: (report: RetrieveReport & { bytes: number }) => void,
  ): Promise<RetrieveReport> => {
    const receiver = options.moveReceiver;
    if (!local.receiveEnabled || receiver === undefined || !receiver.listening)
      throw new PacsError('receive_disabled');
    let total: number | undefined;
    const route = receiver.routeMove({
      callingAeTitle: node.aeTitle,
      studyInstanceUid: target.studyInstanceUid,
      sink,
      onArrival: (arrivals) =>
        onProgress({ ...arrivals, ...(total === undefined ? {} : { total }) }),
    });
    let association: ClientAssociation | undefined;
    try {
      association = await open([queryContext(STUDY_ROOT_MOVE)], signal);
      const request =
        target.seriesInstanceUid === undefined
          ? requests.CMoveRequest.createStudyMoveRequest(local.aeTitle, target.studyInstanceUid)
          : requests.CMoveRequest.createSeriesMoveRequest(
              local.aeTitle,
              target.studyInstanceUid,
              target.seriesInstanceUid,
            );
      const final = (await performCancellable(
        association,
        request,
        signal,
        (response) => {
          const pending = response as InstanceType<
            typeof import('dcmjs-dimse').responses.CMoveResponse
          >;
          total =
            pending.getRemaining() +
            pending.getCompleted() +
            pending.getFailures() +
            pending.getWarnings();
          onProgress({ ...route.arrivals, total });
        },
        () => route.setMessageId(request.getMessageId()),
      )) as InstanceType<typeof import('dcmjs-dimse').responses.CMoveResponse>;
      const arrivals = await route.close();
      const failed = Math.max(arrivals.failed, final.getFailures() ?? 0);
      const report: RetrieveReport & { duplicates: number } = {
        received: arrivals.received,
        failed,
        total: total ?? arrivals.received + failed,
        duplicates: arrivals.duplicates,
      };
      const failure = failureOfFinal(final, 'retrieve');
      if (failure !== undefined && report.received === 0) throw failure;
      await association.release();
      return report;
    } finally {
      await route.close();
      association?.abort();
    }
  };

  return {
    async echo(signal) {
      const started = performance.now();
      const association = await open([queryContext(VERIFICATION)], signal);
      try {
        const final = await performCancellable(association, new requests.CEchoRequest(), signal);
        if (final.getStatus() !== Status.Success)
          throw new PacsError('protocol_error', 'echo failed');
        await association.release();
        return performance.now() - started;
      } finally {
        association.abort();
      }
    },

    async findStudies(query: RemoteQuery, signal, onBatch) {
      let batch: RemoteStudy[] = [];
      let lastFlush = performance.now();
      const flush = (): void => {
        if (batch.length === 0) return;
        onBatch(batch);
        batch = [];
        lastFlush = performance.now();
      };
      await find(studyQueryIdentifier(query), signal, (bytes) => {
        batch.push(readStudyAnswer(bytes, node.id));
        if (batch.length >= batchSize || performance.now() - lastFlush > 250) flush();
      });
      flush();
    },

    async findSeries(studyInstanceUid, signal) {
      if (!UID.test(studyInstanceUid)) throw new PacsError('not_found', 'not a study UID');
      const series: RemoteSeries[] = [];
      await find(seriesQueryIdentifier(studyInstanceUid), signal, (bytes) =>
        series.push(readSeriesAnswer(bytes, node.id)),
      );
      return series;
    },

    retrieve(target, sink, signal, onProgress) {
      if (
        !UID.test(target.studyInstanceUid) ||
        (target.seriesInstanceUid !== undefined && !UID.test(target.seriesInstanceUid))
      )
        return Promise.reject(new PacsError('not_found', 'not a UID'));
      return node.retrieveWith === 'c-move'
        ? retrieveByMove(target, sink, signal, onProgress)
        : retrieveByGet(target, sink, signal, onProgress);
    },
  };
}
