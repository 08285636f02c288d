/**
 * Receive (IHE AIW-I "retrieve results", AIR): the completed work item's Output Information
 * Sequence names the result series; each is retrieved with WADO-RS from the same DICOMweb root,
 * every object is checked to reference only what we sent, and only then does the vault map its
 * references back to the original study; the mapped files go to the AI results beside it.
 */
import { isDicomUid } from '../dicom/index.js';
import { sequenceItems, stringValue, tag, type DicomJsonDataset } from '../dicomweb/index.js';
import type { DicomwebClient } from '../dicomweb/index.js';
import { RESPONSE_LIMITS } from '../net/index.js';
import { restoreReferences } from '../vault/index.js';
import type { PseudonymVault } from '../vault/index.js';
import type { AiResultIndex, AiResultRecord } from './resultIndex.js';
import { MalformedUidError } from './resultPath.js';
import { checkResult, ForeignReferenceError, type ResultIdentity } from './resultReferences.js';

export class InvalidResultError extends Error {
  /** `malformed-uid`: every object the service returned was refused for a malformed UID. */
  constructor(readonly reason: 'no-outputs' | 'unreadable' | 'not-listed' | 'malformed-uid') {
    super(`invalid AI result: ${reason}`);
    this.name = 'InvalidResultError';
  }
}

export interface OutputReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUids: string[];
}

/**
 * Output Information Sequence (0040,4033) inside the Performed Procedure Sequence (0074,1216).
 * Only outputs whose UIDs follow the DICOM grammar are kept (they become URL paths); `refused`
 * counts those that did not.
 */
export function outputsOf(item: DicomJsonDataset): {
  outputs: OutputReference[];
  refused: number;
} {
  const performed = sequenceItems(item, tag.performedProcedureSequence)[0];
  let refused = 0;
  const outputs = sequenceItems(performed, tag.outputInformationSequence).flatMap((output) => {
    const studyInstanceUid = stringValue(output, tag.studyInstanceUid);
    const seriesInstanceUid = stringValue(output, tag.seriesInstanceUid);
    if (studyInstanceUid === undefined || seriesInstanceUid === undefined) return [];
    if (!isDicomUid(studyInstanceUid) || !isDicomUid(seriesInstanceUid)) {
      refused += 1;
      return [];
    }
    const sopInstanceUids = sequenceItems(output, tag.referencedSopSequence).flatMap((sop) => {
      const uid = stringValue(sop, tag.referencedSopInstanceUid);
      if (uid === undefined) return [];
      if (isDicomUid(uid)) return [uid];
      refused += 1;
      return [];
    });
    return [{ studyInstanceUid, seriesInstanceUid, sopInstanceUids }];
  });
  return { outputs, refused };
}

/** Whether a result's own identity can be stored: its UIDs name files and index entries. */
function wellFormed(identity: ResultIdentity): boolean {
  return (
    isDicomUid(identity.sopInstanceUid) &&
    isDicomUid(identity.seriesInstanceUid) &&
    isDicomUid(identity.sopClassUid)
  );
}

/** What the results answer: the job's send, as much of it as the check and the index need. */
export interface SentStudy {
  id: string;
  /** The pseudonymized study that was sent; results may reference only it. */
  pseudonymStudyUid?: string | undefined;
  /** The pseudonymized instances that were sent. */
  staged: readonly { sopInstanceUid: string; seriesInstanceUid: string }[];
  /** The original study, which the results are stored beside. */
  source: { studyInstanceUid: string };
  service: { id: string; version: string };
}

export interface ReceiveOptions {
  client: DicomwebClient;
  job: SentStudy;
  item: DicomJsonDataset;
  vault: PseudonymVault;
  index: AiResultIndex;
  signal: AbortSignal;
  /** All result objects of the job together; past it the download stops (main/net). */
  maxResultBytes?: number;
}

export interface ReceivedResults {
  records: AiResultRecord[];
  /** Objects refused and skipped because a UID was malformed; the rest were stored. */
  refused: number;
}

export async function receiveResults(options: ReceiveOptions): Promise<ReceivedResults> {
  const { job } = options;
  const { outputs, refused: refusedOutputs } = outputsOf(options.item);
  let refused = refusedOutputs;
  if (outputs.length === 0)
    throw new InvalidResultError(refused > 0 ? 'malformed-uid' : 'no-outputs');
  const listed = new Set(outputs.flatMap((output) => output.sopInstanceUids));
  const allowed = {
    studies: new Set([job.pseudonymStudyUid ?? '']),
    series: new Set([
      ...job.staged.map((instance) => instance.seriesInstanceUid),
      ...outputs.map((output) => output.seriesInstanceUid),
    ]),
    instances: new Set([...job.staged.map((instance) => instance.sopInstanceUid), ...listed]),
  };
  // Everything is retrieved and checked before anything is stored: one bad object refuses the lot.
  const received: { identity: ResultIdentity; bytes: Uint8Array }[] = [];
  let budget = options.maxResultBytes ?? RESPONSE_LIMITS.resultsPerJob;
  for (const output of outputs) {
    if (!allowed.studies.has(output.studyInstanceUid)) throw new ForeignReferenceError();
    const objects = await options.client.retrieve(
      { studyInstanceUid: output.studyInstanceUid, seriesInstanceUid: output.seriesInstanceUid },
      options.signal,
      budget,
    );
    for (const bytes of objects) budget -= bytes.byteLength;
    for (const bytes of objects) {
      let identity: ResultIdentity;
      try {
        identity = checkResult(bytes, allowed);
      } catch (error) {
        if (error instanceof ForeignReferenceError) throw error;
        throw new InvalidResultError('unreadable');
      }
      // A malformed UID of its own (`../../x`) would name a file: skip it, keep the others.
      if (!wellFormed(identity)) {
        refused += 1;
        continue;
      }
      if (listed.size > 0 && !listed.has(identity.sopInstanceUid))
        throw new InvalidResultError('not-listed');
      received.push({ identity, bytes });
    }
  }
  if (received.length === 0)
    throw new InvalidResultError(refused > 0 ? 'malformed-uid' : 'no-outputs');
  const receivedAt = new Date().toISOString();
  const records: AiResultRecord[] = [];
  for (const { identity, bytes } of received) {
    const mapped = restoreReferences(bytes, options.vault);
    const record: AiResultRecord = {
      sopInstanceUid: identity.sopInstanceUid,
      seriesInstanceUid: identity.seriesInstanceUid,
      sopClassUid: identity.sopClassUid,
      modality: identity.modality.slice(0, 16),
      algorithm: {
        manufacturer: identity.algorithm.manufacturer.slice(0, 256),
        name: identity.algorithm.name.slice(0, 256),
        version: identity.algorithm.version.slice(0, 256),
      },
    };
    try {
      await options.index.add(
        {
          ...record,
          jobId: job.id,
          studyInstanceUid: job.source.studyInstanceUid,
          serviceId: job.service.id,
          serviceVersion: job.service.version,
          receivedAt,
        },
        mapped,
      );
    } catch (error) {
      if (!(error instanceof MalformedUidError)) throw error;
      refused += 1;
      continue;
    }
    records.push(record);
  }
  if (records.length === 0) throw new InvalidResultError('malformed-uid');
  return { records, refused };
}
