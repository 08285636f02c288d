/**
 * One peer connected to the storage SCP: association negotiation (who may store, what we can
 * read), C-ECHO, and C-STORE written straight to disk (or handed to the C-MOVE that asked for
 * it). Anything unexpected ends this connection only; the SCP and the app go on.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { makePrivateFolder, pathInside, writeFileAtomic } from '../../storage/index.js';
import {
  constants,
  Dataset,
  responses,
  type Association,
  type CStoreRequest,
  type PresentationContext,
  type Request,
} from '../dimse/dimseLibrary.js';
import { BoundedCollector, DimseNetwork } from '../dimse/dimseNetwork.js';
import { part10Header } from '../dimse/part10.js';
import {
  isReadableTransferSyntax,
  isStorageSopClass,
  VERIFICATION,
} from '../dimse/transferSyntaxes.js';
import type { MoveRoutes } from './moveRoutes.js';
import { ReceivedFile } from './receivedFile.js';

const { PresentationContextResult, RejectReason, RejectResult, RejectSource, Status } = constants;
const UID = /^[0-9.]{1,64}$/;
const REFUSED_NOT_AUTHORIZED = 0x0124;
const OUT_OF_RESOURCES = 0xa700;
const CANNOT_UNDERSTAND = 0xc000;

export interface ReceivedInstance {
  associationId: string;
  callingAeTitle: string;
  sopClassUid: string;
  sopInstanceUid: string;
  /** The Part 10 file, complete and in place. */
  path: string;
}

export interface AssociationSummary {
  associationId: string;
  callingAeTitle: string;
  /** Where this association's instances were written (absent when none were). */
  folder?: string;
  instances: number;
  failed: number;
  duplicates: number;
  /** False when the peer released normally; true when it aborted, dropped or broke the protocol. */
  interrupted: boolean;
}

export interface ScpPolicy {
  aeTitle: string;
  isAllowedCaller(callingAeTitle: string): boolean;
  /** Whether one more association may start (the cap on concurrent associations). */
  admit(): boolean;
  release(): void;
  maxInstanceBytes: number;
  receivedRoot: string;
  routes: MoveRoutes;
  onInstance(instance: ReceivedInstance): void;
  onAssociationEnd(summary: AssociationSummary): void;
}

/** Text of a command element, without the padding some peers leave. */
function commandText(request: Request, name: string): string {
  const value = request.getCommandDataset().getElement(name);
  return String(value ?? '')
    .replace(/\0/g, '')
    .trim();
}

export class ScpConnection extends DimseNetwork {
  private readonly id =
    `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
  private callingAeTitle = '';
  private admitted = false;
  private released = false;
  private folder: string | undefined;
  private readonly files = new Map<object, ReceivedFile>();
  private readonly collectors = new Map<object, BoundedCollector>();
  private readonly written = new Set<string>();
  private readonly summary = { instances: 0, failed: 0, duplicates: 0 };

  constructor(
    private readonly peer: Socket,
    options: ConstructorParameters<typeof DimseNetwork>[1],
    private readonly policy: ScpPolicy,
  ) {
    super(peer, options);
    // The library starts its association timer on 'connect', which an accepted socket never emits.
    Object.assign(this, { connected: true, connectedTime: Date.now() });
    peer.once('close', () => void this.ended());
  }

  override associationRequested(association: Association): void {
    const calling = association.getCallingAeTitle().trim();
    this.callingAeTitle = calling;
    const reject = (result: number, source: number, reason: number): void => {
      this.sendAssociationReject(result, source, reason);
      this.peer.end();
    };
    if (association.getCalledAeTitle().trim() !== this.policy.aeTitle)
      return reject(
        RejectResult.Permanent,
        RejectSource.ServiceUser,
        RejectReason.CalledAeNotRecognized,
      );
    if (!this.policy.isAllowedCaller(calling) && !this.policy.routes.expects(calling))
      return reject(
        RejectResult.Permanent,
        RejectSource.ServiceUser,
        RejectReason.CallingAeNotRecognized,
      );
    if (!this.policy.admit())
      return reject(
        RejectResult.Transient,
        RejectSource.ServiceProviderPresentation,
        RejectReason.LocalLimitExceeded,
      );
    this.admitted = true;
    for (const { id } of association.getPresentationContexts()) {
      const context = association.getPresentationContext(id);
      const abstract = context.getAbstractSyntaxUid();
      const offered = context.getTransferSyntaxUids();
      if (abstract !== VERIFICATION && !isStorageSopClass(abstract)) {
        context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
        continue;
      }
      // The proposer's order is its preference (PS3.8 9.3.2.2): the first syntax we read, so a
      // compressed instance is stored as it is rather than decompressed by the sender.
      const syntax = offered.find(isReadableTransferSyntax);
      if (syntax === undefined)
        context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
      else context.setResult(PresentationContextResult.Accept, syntax);
    }
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.released = true;
    this.sendAssociationReleaseResponse();
    this.peer.end();
  }

  override cEchoRequest(
    request: Parameters<DimseNetwork['cEchoRequest']>[0],
    callback: Parameters<DimseNetwork['cEchoRequest']>[1],
  ): void {
    const response = responses.CEchoResponse.fromRequest(request);
    response.setStatus(Status.Success);
    callback(response);
  }

  override createStoreWritableStream(
    context: PresentationContext,
    request: CStoreRequest,
  ): ReceivedFile | BoundedCollector {
    if (this.policy.routes.expects(this.callingAeTitle)) {
      const collector = new BoundedCollector(this.policy.maxInstanceBytes);
      this.collectors.set(request, collector);
      return collector;
    }
    const sopInstanceUid = commandText(request, 'AffectedSOPInstanceUID');
    const header = part10Header({
      sopClassUid: commandText(request, 'AffectedSOPClassUID'),
      sopInstanceUid,
      transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? '',
      sourceAeTitle: this.callingAeTitle,
    });
    const file = new ReceivedFile(
      this.associationFolder(),
      UID.test(sopInstanceUid) ? `${sopInstanceUid}.dcm` : `invalid-${randomUUID()}.dcm`,
      header,
      this.policy.maxInstanceBytes,
      // Past the bound the peer is stopped: the rest of a hostile "instance" is not read.
      () => this.dropConnection(),
      () => this.folderReady(),
    );
    this.files.set(request, file);
    return file;
  }

  override createDatasetFromStoreWritableStream(
    writable: ReceivedFile | BoundedCollector,
    context: PresentationContext,
    callback: (dataset: never) => void,
  ): void {
    const done = (): void =>
      callback(new Dataset({}, context.getAcceptedTransferSyntaxUid()) as never);
    if (writable.writableFinished) done();
    else writable.once('finish', done);
  }

  override cStoreRequest(request: CStoreRequest, callback: (response: never) => void): void {
    const answer = (status: number): void => {
      const response = responses.CStoreResponse.fromRequest(request);
      response.setStatus(status);
      callback(response as never);
    };
    this.store(request).then(answer, () => answer(OUT_OF_RESOURCES));
  }

  private async store(request: CStoreRequest): Promise<number> {
    const sopInstanceUid = commandText(request, 'AffectedSOPInstanceUID');
    const sopClassUid = commandText(request, 'AffectedSOPClassUID');
    const file = this.files.get(request);
    const collector = this.collectors.get(request);
    this.files.delete(request);
    this.collectors.delete(request);
    if (!UID.test(sopInstanceUid) || !isStorageSopClass(sopClassUid)) {
      await file?.discard();
      this.summary.failed++;
      return CANNOT_UNDERSTAND;
    }
    if (collector !== undefined)
      return this.storeRouted(request, collector, sopInstanceUid, sopClassUid);
    if (file === undefined) return OUT_OF_RESOURCES;
    if (this.written.has(sopInstanceUid)) {
      // The same instance twice on one association: the first copy stands.
      await file.discard();
      this.summary.duplicates++;
      return Status.Success;
    }
    const path = await file.commit();
    if (path === undefined) {
      this.summary.failed++;
      return OUT_OF_RESOURCES;
    }
    this.written.add(sopInstanceUid);
    this.summary.instances++;
    this.policy.onInstance({
      associationId: this.id,
      callingAeTitle: this.callingAeTitle,
      sopClassUid,
      sopInstanceUid,
      path,
    });
    return Status.Success;
  }

  /** An instance on the association of a C-MOVE: to the retrieve that asked, else an ordinary arrival. */
  private async storeRouted(
    request: CStoreRequest,
    collector: BoundedCollector,
    sopInstanceUid: string,
    sopClassUid: string,
  ): Promise<number> {
    const bytes = collector.overflowed
      ? undefined
      : Buffer.concat([
          part10Header({
            sopClassUid,
            sopInstanceUid,
            transferSyntaxUid: request.getDataset()?.getTransferSyntaxUid() ?? '',
            sourceAeTitle: this.callingAeTitle,
          }),
          collector.bytes(),
        ]);
    const messageId = Number(request.getCommandDataset().getElement('MoveOriginatorMessageID'));
    const status = await this.policy.routes.deliver({
      callingAeTitle: this.callingAeTitle,
      messageId: Number.isInteger(messageId) && messageId > 0 ? messageId : undefined,
      sopInstanceUid,
      part10: bytes,
      size: collector.size,
    });
    if (status !== undefined) return status;
    if (!this.policy.isAllowedCaller(this.callingAeTitle)) return REFUSED_NOT_AUTHORIZED;
    if (bytes === undefined) return OUT_OF_RESOURCES;
    if (this.written.has(sopInstanceUid)) {
      this.summary.duplicates++;
      return Status.Success;
    }
    const path = pathInside(this.associationFolder(), `${sopInstanceUid}.dcm`);
    await this.folderReady();
    await writeFileAtomic(path, bytes);
    this.written.add(sopInstanceUid);
    this.summary.instances++;
    this.policy.onInstance({
      associationId: this.id,
      callingAeTitle: this.callingAeTitle,
      sopClassUid,
      sopInstanceUid,
      path,
    });
    return Status.Success;
  }

  private creating: Promise<void> | undefined;
  private folderReady(): Promise<void> {
    this.creating ??= makePrivateFolder(this.associationFolder());
    return this.creating;
  }

  private associationFolder(): string {
    this.folder ??= pathInside(this.policy.receivedRoot, this.id);
    return this.folder;
  }

  dropConnection(): void {
    try {
      this.sendAbort();
    } catch {
      // the socket may already be gone
    }
    this.peer.destroy();
  }

  /** The connection is gone: partial files removed, the association counted out and reported. */
  private async ended(): Promise<void> {
    const partial = [...this.files.values()];
    this.files.clear();
    this.collectors.clear();
    await Promise.allSettled(partial.map((file) => file.discard()));
    if (!this.admitted) return;
    this.policy.release();
    this.policy.onAssociationEnd({
      associationId: this.id,
      callingAeTitle: this.callingAeTitle,
      ...(this.summary.instances > 0 && this.folder !== undefined ? { folder: this.folder } : {}),
      ...this.summary,
      interrupted: !this.released || partial.length > 0,
    });
  }
}
