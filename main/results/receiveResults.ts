/**
 * Receive (IHE AIW-I "retrieve results", AIR): the completed work item's Output Information
 * Sequence names the result series; each is retrieved with WADO-RS from the same DICOMweb root,
 * every object is checked to reference only what we sent, and only then does the vault map its
 * references back to the original study; the mapped files go to the AI results beside it.
 */
import { sequenceItems, stringValue, tag, type DicomJsonDataset } from '../dicomweb/index.js';
import type { DicomwebClient } from '../dicomweb/index.js';
import { restoreReferences } from '../vault/index.js';
import type { PseudonymVault } from '../vault/index.js';
import type { AiResultIndex, AiResultRecord } from './resultIndex.js';
import { checkResult, ForeignReferenceError, type ResultIdentity } from './resultReferences.js';

export class InvalidResultError extends Error {
  constructor(readonly reason: 'no-outputs' | 'unreadable' | 'not-listed') {
    super(`invalid AI result: ${reason}`);
    this.name = 'InvalidResultError';
  }
}

export interface OutputReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUids: string[];
}

/** Output Information Sequence (0040,4033) inside the Performed Procedure Sequence (0074,1216). */
export function outputsOf(item: DicomJsonDataset): OutputReference[] {
  const performed = sequenceItems(item, tag.performedProcedureSequence)[0];
  return sequenceItems(performed, tag.outputInformationSequence).flatMap((output) => {
    const studyInstanceUid = stringValue(output, tag.studyInstanceUid);
    const seriesInstanceUid = stringValue(output, tag.seriesInstanceUid);
    if (studyInstanceUid === undefined || seriesInstanceUid === undefined) return [];
    const sopInstanceUids = sequenceItems(output, tag.referencedSopSequence).flatMap(
      (sop) => stringValue(sop, tag.referencedSopInstanceUid) ?? [],
    );
    return [{ studyInstanceUid, seriesInstanceUid, sopInstanceUids }];
  });
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
}

export async function receiveResults(options: ReceiveOptions): Promise<AiResultRecord[]> {
  const { job } = options;
  const outputs = outputsOf(options.item);
  if (outputs.length === 0) throw new InvalidResultError('no-outputs');
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
  for (const output of outputs) {
    if (!allowed.studies.has(output.studyInstanceUid)) throw new ForeignReferenceError();
    const objects = await options.client.retrieve(
      { studyInstanceUid: output.studyInstanceUid, seriesInstanceUid: output.seriesInstanceUid },
      options.signal,
    );
    for (const bytes of objects) {
      let identity: ResultIdentity;
      try {
        identity = checkResult(bytes, allowed);
      } catch (error) {
        if (error instanceof ForeignReferenceError) throw error;
        throw new InvalidResultError('unreadable');
      }
      if (listed.size > 0 && !listed.has(identity.sopInstanceUid))
        throw new InvalidResultError('not-listed');
      received.push({ identity, bytes });
    }
  }
  if (received.length === 0) throw new InvalidResultError('no-outputs');
  const receivedAt = new Date().toISOString();
  const records: AiResultRecord[] = [];
  for (const { identity, bytes } of received) {
    const mapped = restoreReferences(bytes, options.vault);
    const record: AiResultRecord = {
      sopInstanceUid: identity.sopInstanceUid,
      seriesInstanceUid: identity.seriesInstanceUid,
      sopClassUid: identity.sopClassUid,
      modality: identity.modality.slice(0, 16),
      algorithm: identity.algorithm,
    };
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
    records.push(record);
  }
  return records;
}
