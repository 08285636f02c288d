/**
 * What a remote node can do for the library, whatever protocol it speaks: the DIMSE client
 * (`./dimse/`) and the DICOMweb client (`./dicomweb/`) both implement it, so querying,
 * retrieving and their progress, cancel and resume are written once (`./retrieve/`).
 */
import type {
  PacsProblem,
  RemoteQuery,
  RemoteSeries,
  RemoteStudy,
} from '../../preload/contract/index.js';

/** A failure talking to a node, already sorted into what the user is told. Never carries patient data. */
export class PacsError extends Error {
  constructor(
    readonly problem: PacsProblem,
    detail?: string,
  ) {
    super(detail === undefined ? problem : `${problem}: ${detail}`);
    this.name = 'PacsError';
  }
}

/**
 * Where retrieved instances go. `accept` is called once per instance with its bytes (a Part 10
 * file, preamble and meta included) and returns once they are on disk atomically; the retrieve
 * owns the folder and imports it through the library's one import path afterwards.
 */
export interface InstanceSink {
  accept(instance: { sopInstanceUid: string; bytes: Uint8Array }): Promise<void>;
  /** SOP Instance UIDs already on disk from an earlier, interrupted attempt (resume skips them where the protocol allows). */
  readonly alreadyHave: ReadonlySet<string>;
}

export interface RetrieveReport {
  /** Instances the node sent that were written. */
  received: number;
  /** Instances the node said failed or that could not be written. */
  failed: number;
  /** Total the node announced, where it did. */
  total?: number;
  /** Instances the node sent a second time within this retrieve (same SOP Instance UID): kept once, not counted above. */
  duplicates?: number;
}

export interface PacsClient {
  /** C-ECHO, or a QIDO ping for DICOMweb; resolves with the round trip in milliseconds. */
  echo(signal: AbortSignal): Promise<number>;
  /** Study-level C-FIND / QIDO-RS; answers arrive in batches as the node sends them. */
  findStudies(
    query: RemoteQuery,
    signal: AbortSignal,
    onBatch: (studies: RemoteStudy[]) => void,
  ): Promise<void>;
  /** Series-level C-FIND / QIDO-RS of one study. */
  findSeries(studyInstanceUid: string, signal: AbortSignal): Promise<RemoteSeries[]>;
  /** C-GET, C-MOVE or WADO-RS of a study or one series, streamed instance by instance into the sink. */
  retrieve(
    target: { studyInstanceUid: string; seriesInstanceUid?: string },
    sink: InstanceSink,
    signal: AbortSignal,
    onProgress: (report: RetrieveReport & { bytes: number }) => void,
  ): Promise<RetrieveReport>;
}
