/**
 * dcmjs-dimse's connection object, extended for Mitate's two uses (the client and the storage
 * SCP): a data set that is not a C-STORE's (a C-FIND answer) is also kept as its raw bytes, so it
 * is read with Mitate's own reader and character sets; C-STORE data sets are not parsed at all
 * but collected (client) or streamed to disk (SCP) by the subclass. The two hooks are internal to
 * the library, whose version is pinned for that reason.
 */
import { Writable } from 'node:stream';
import {
  RequestClass,
  ResponseClass,
  Scp,
  type PresentationContext,
  type Request,
  type Response,
} from './dimseLibrary.js';

interface Pdv {
  isCommand(): boolean;
  getValue(): Buffer;
}
interface Internals {
  _processPDataTf(this: unknown, pdu: { getPdvs(): Pdv[] }): Promise<void>;
  _performDimse(this: unknown, context: PresentationContext, dimse: Request | Response): void;
}
const library = Scp.prototype as unknown as Internals;

/** A C-FIND answer or other non-store data set larger than this is not a sane answer. */
export const MAX_IDENTIFIER_BYTES = 1024 * 1024;
const IDENTIFIER = Symbol('identifier');
type Carrying = { [IDENTIFIER]?: Buffer | 'too-large' };

/** The raw data set that came with a message (undefined when it had none). */
export function identifierOf(message: Request | Response): Buffer | 'too-large' | undefined {
  return (message as Carrying)[IDENTIFIER];
}

function isKnownMessage(message: unknown): boolean {
  return message instanceof RequestClass || message instanceof ResponseClass;
}

export class DimseNetwork extends Scp {
  private chunks: Buffer[] = [];
  private bytes = 0;

  /** Library hook: called for each P-DATA-TF PDU; handed on one PDV at a time so that a data set
   * ending and the next message starting in the same PDU are told apart. */
  _processPDataTf(pdu: { getPdvs(): Pdv[] }): Promise<void> {
    // The library starts each PDU's processing as it arrives without waiting for the one before;
    // a PDU whose data set write waits must not let the next PDU's PDVs overtake it.
    const done = this.queue.then(() => this.processPdvs(pdu));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private queue: Promise<void> = Promise.resolve();

  private async processPdvs(pdu: { getPdvs(): Pdv[] }): Promise<void> {
    for (const pdv of pdu.getPdvs()) {
      if (!pdv.isCommand() && this.bytes <= MAX_IDENTIFIER_BYTES) {
        const value = pdv.getValue();
        this.bytes += value.length;
        // Past the bound only the count goes on (a C-STORE's data set goes to its own stream).
        if (this.bytes <= MAX_IDENTIFIER_BYTES) this.chunks.push(value);
        else this.chunks = [];
      }
      await library._processPDataTf.call(this, { getPdvs: () => [pdv] });
      // A command now waiting for its data set, of a kind the library does not know: it would
      // wait forever (or until a timeout) for nothing it can handle.
      const waiting = (this as unknown as { dimse?: unknown }).dimse;
      if (pdv.isCommand() && waiting !== undefined && !isKnownMessage(waiting)) {
        void this.emit('networkError', new Error('unrecognized DIMSE command'), () => undefined);
        return;
      }
    }
  }

  /** Library hook: called once per complete message. */
  _performDimse(context: PresentationContext, dimse: Request | Response): void {
    // A command field the library does not know would be dropped silently and the peer left
    // waiting (or us, until a timeout): it is a protocol error, and the connection ends.
    if (!isKnownMessage(dimse)) {
      void this.emit('networkError', new Error('unrecognized DIMSE command'), () => undefined);
      return;
    }
    if (dimse.hasDataset())
      (dimse as Carrying)[IDENTIFIER] =
        this.bytes > MAX_IDENTIFIER_BYTES ? 'too-large' : Buffer.concat(this.chunks);
    this.chunks = [];
    this.bytes = 0;
    library._performDimse.call(this, context, dimse);
  }
}

/** Collects a C-STORE data set in memory up to a bound; past it only counts (the instance is refused). */
export class BoundedCollector extends Writable {
  private readonly chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly limit: number) {
    super({ highWaterMark: 8 * 1024 * 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.size += chunk.length;
    if (this.size <= this.limit) this.chunks.push(chunk);
    else this.chunks.length = 0;
    done();
  }
  get overflowed(): boolean {
    return this.size > this.limit;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
