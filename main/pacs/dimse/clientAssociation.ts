/**
 * One association from the workstation to a node (PS3.8 7.1): connect (TCP or TLS), negotiate
 * the presentation contexts, run DIMSE requests one after the other, release. Every wait is
 * bounded (connect, association, each response) and every way it can end badly becomes one
 * PacsError; the socket is gone whatever happens.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { PacsProblem } from '../../../preload/contract/index.js';
import type { PacsError } from '../pacsClient.js';
import {
  Association,
  constants,
  Dataset,
  responses,
  type CStoreRequest,
  type PresentationContext,
  type Request,
  type Response,
} from './dimseLibrary.js';
import { BoundedCollector, DimseNetwork } from './dimseNetwork.js';
import { pacsError, problemOfReject, problemOfSocketError } from './failures.js';
import { guardPduLengths } from './pduGuard.js';

const { PresentationContextResult, Status } = constants;

export interface AssociationTarget {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  /** TLS options (tlsOptions.ts); absent for plain TCP. */
  tls?: ConnectionOptions;
}

export interface Timeouts {
  connectMs: number;
  associationMs: number;
  /** The longest silence while a response is awaited. */
  responseMs: number;
}

export interface ProposedContext {
  abstractSyntax: string;
  transferSyntaxes: string[];
  /** Proposed with the SCP role (PS3.7 D.3.3.4), for the C-STOREs of a C-GET. */
  scpRole?: boolean;
}

/** A C-STORE arriving on this association (C-GET); `bytes` is undefined past the size bound. */
export interface IncomingStore {
  request: CStoreRequest;
  transferSyntaxUid: string;
  bytes: Buffer | undefined;
}
/** Resolves with the C-STORE status to answer. */
export type StoreHandler = (store: IncomingStore) => Promise<number>;

export function isPending(status: number): boolean {
  return status === Status.Pending || status === 0xff01;
}

/** The client side of the connection: C-STOREs collected in memory (bounded), answered by a handler. */
class ClientNetwork extends DimseNetwork {
  handler: StoreHandler | undefined;
  maxInstanceBytes = 0;
  private readonly collectors = new WeakMap<object, BoundedCollector>();

  override createStoreWritableStream(
    _context: PresentationContext,
    request: CStoreRequest,
  ): BoundedCollector {
    const collector = new BoundedCollector(this.maxInstanceBytes);
    this.collectors.set(request, collector);
    return collector;
  }

  override createDatasetFromStoreWritableStream(
    _writable: unknown,
    context: PresentationContext,
    callback: (dataset: InstanceType<typeof Dataset>) => void,
  ): void {
    // Kept as the bytes that came; dcmjs is not asked to parse (or hold twice) the pixel data.
    callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
  }

  override cStoreRequest(
    request: CStoreRequest,
    callback: (response: InstanceType<typeof responses.CStoreResponse>) => void,
  ): void {
    const collector = this.collectors.get(request);
    const syntax = request.getDataset()?.getTransferSyntaxUid() ?? '';
    const answer = (status: number): void => {
      const response = responses.CStoreResponse.fromRequest(request);
      response.setStatus(status);
      callback(response);
    };
    const handler = this.handler;
    if (handler === undefined || collector === undefined) {
      answer(0x0122); // SOP class not supported: nothing here asked for instances
      return;
    }
    handler({
      request,
      transferSyntaxUid: syntax,
      bytes: collector.overflowed ? undefined : collector.bytes(),
    }).then(answer, () => answer(Status.ProcessingFailure));
  }
}

export class ClientAssociation {
  private failure: PacsError | undefined;
  private onFailure: ((error: PacsError) => void) | undefined;
  private released = false;

  private constructor(
    private readonly network: ClientNetwork,
    private readonly socket: Socket,
  ) {}

  /** Connects and negotiates; resolves once the node accepted the association. */
  static open(
    target: AssociationTarget,
    contexts: readonly ProposedContext[],
    timeouts: Timeouts,
    options: { onStore?: StoreHandler; maxInstanceBytes?: number } = {},
  ): Promise<ClientAssociation> {
    const socket: Socket =
      target.tls === undefined
        ? tcpConnect({ host: target.host, port: target.port })
        : tlsConnect({ host: target.host, port: target.port, ...target.tls });
    // DIMSE is request/response in small PDUs: Nagle's algorithm would hold each one back for
    // the peer's delayed acknowledgement (tens of milliseconds per instance).
    socket.setNoDelay(true);
    let violation = false;
    guardPduLengths(socket, () => {
      violation = true;
    });
    let errorCode: string | undefined;
    let tcpConnected = false;
    let timedOut = false;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      errorCode ??= error.code ?? 'EUNKNOWN';
    });
    socket.prependListener('timeout', () => {
      timedOut = true;
    });
    const network = new ClientNetwork(socket, {
      connectTimeout: Math.max(timeouts.connectMs, timeouts.responseMs),
      associationTimeout: timeouts.associationMs,
      pduTimeout: timeouts.responseMs,
    });
    network.handler = options.onStore;
    network.maxInstanceBytes = options.maxInstanceBytes ?? 2 * 1024 ** 3;
    const association = new ClientAssociation(network, socket);

    /** `reading`: the library failed on what the node sent (not the socket, not a timer). */
    const problemNow = (message: string, reading: boolean): PacsProblem => {
      if (violation) return 'protocol_error';
      if (timedOut || /timeout/i.test(message)) return 'timeout';
      if (errorCode !== undefined)
        return problemOfSocketError(errorCode, target.tls !== undefined && tcpConnected);
      return reading ? 'protocol_error' : 'unreachable';
    };

    return new Promise<ClientAssociation>((resolve, reject) => {
      let opened = false;
      const connectTimer = setTimeout(() => {
        timedOut = true;
        association.fail(pacsError('timeout', 'no connection'));
      }, timeouts.connectMs);
      const associationTimer = setTimeout(() => {
        timedOut = true;
        association.fail(pacsError('timeout', 'no answer to the association request'));
      }, timeouts.connectMs + timeouts.associationMs);
      const settle = (): void => {
        clearTimeout(connectTimer);
        clearTimeout(associationTimer);
      };
      association.onFailure = (error) => {
        settle();
        if (!opened) reject(error);
      };
      socket.once('connect', () => {
        tcpConnected = true;
        if (target.tls === undefined) clearTimeout(connectTimer);
      });
      socket.once('secureConnect', () => clearTimeout(connectTimer));
      network.on('connect', () => {
        const proposal = new Association(target.callingAeTitle, target.calledAeTitle);
        for (const context of contexts) {
          const id = proposal.addPresentationContext(context.abstractSyntax);
          for (const syntax of context.transferSyntaxes)
            proposal.addTransferSyntaxToPresentationContext(id, syntax);
          if (context.scpRole === true) {
            proposal.getPresentationContext(id).setUserRole(false);
            proposal.getPresentationContext(id).setProviderRole(true);
          }
        }
        network.sendAssociationRequest(proposal);
      });
      network.on('associationAccepted', () => {
        settle();
        opened = true;
        resolve(association);
      });
      network.on('associationRejected', (reject: { source: number; reason: number }) => {
        association.fail(pacsError(problemOfReject(reject), 'association rejected'));
      });
      network.on('abort', () =>
        association.fail(pacsError('protocol_error', 'association aborted by the node')),
      );
      network.on('networkError', (error: Error) =>
        association.fail(pacsError(problemNow(error.message, true), 'connection failed')),
      );
      network.on('close', () => {
        if (!association.released)
          association.fail(pacsError(problemNow('', false), 'connection closed'));
      });
    });
  }

  /** Whether the node accepted a context for this abstract syntax. */
  accepted(abstractSyntax: string): boolean {
    const association = (
      this.network as unknown as { association?: InstanceType<typeof Association> }
    ).association;
    return (association?.getPresentationContexts() ?? []).some(
      ({ context }) =>
        context.getAbstractSyntaxUid() === abstractSyntax &&
        context.getResult() === PresentationContextResult.Accept,
    );
  }

  /**
   * Sends one request; `onPending` sees each pending response (and may throw to stop), the
   * promise resolves with the final one. Fails if the association fails meanwhile.
   */
  perform(request: Request, onPending: (response: Response) => void = () => {}): Promise<Response> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<Response>((resolve, reject) => {
      this.onFailure = reject;
      request.on('response', (response: Response) => {
        if (this.failure !== undefined) return;
        if (!isPending(response.getStatus())) {
          this.onFailure = undefined;
          resolve(response);
          return;
        }
        try {
          onPending(response);
        } catch (error) {
          reject(error);
        }
      });
      this.network.sendRequests(request);
    });
  }

  /** C-CANCEL (PS3.7 9.3.2.3 and C.4.2.3.1) for a running C-FIND, C-GET or C-MOVE. */
  cancel(request: Request): void {
    if (this.failure === undefined)
      this.network.sendCancel(request as Parameters<DimseNetwork['sendCancel']>[0]);
  }

  /** A-RELEASE, waiting a little for the node's answer; the socket is closed either way. */
  async release(waitMs = 2000): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.failure === undefined && !this.socket.destroyed) {
      const answered = new Promise<void>((resolve) => {
        this.network.once('associationReleaseResponse', () => resolve());
        this.socket.once('close', () => resolve());
        setTimeout(resolve, waitMs).unref();
      });
      this.network.sendAssociationReleaseRequest();
      await answered;
    }
    this.socket.destroy();
  }

  /** A-ABORT and close, for when the conversation cannot go on. */
  abort(): void {
    this.released = true;
    if (this.failure === undefined && !this.socket.destroyed) {
      try {
        this.network.sendAbort();
      } catch {
        // the socket may already be gone
      }
    }
    this.socket.destroy();
  }

  private fail(error: PacsError): void {
    if (this.failure !== undefined || this.released) return;
    this.failure = error;
    this.socket.destroy();
    const waiting = this.onFailure;
    this.onFailure = undefined;
    waiting?.(error);
  }
}
