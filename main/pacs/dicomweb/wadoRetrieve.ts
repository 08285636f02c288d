/**
 * A WADO-RS retrieve written to the sink instance by instance. The study's (or series')
 * instances are listed first with QIDO-RS, so the total is known and what is missing can be
 * told. A fresh retrieve asks for the whole study in one streamed request; whatever did not
 * arrive (the connection dropped, a part was malformed, the retrieve resumes after a restart)
 * is then asked for one instance at a time, so nothing on disk is fetched again.
 */
import type { PacsProblem } from '../../../preload/contract/index.js';
import { type DicomwebClient, numberValue, stringValue } from '../../dicomweb/index.js';
import { isDicomUid } from '../../dicom/index.js';
import { PacsError, type InstanceSink, type RetrieveReport } from '../pacsClient.js';
import { instanceUidOf } from './instanceUid.js';
import { problemOf } from './problemOf.js';

type Target = { studyInstanceUid: string; seriesInstanceUid?: string };

/** A stalled transfer is cut off after this long without a byte. */
const IDLE_MS = 60_000;
/** Instances asked for at once when fetching them one by one. */
const AT_ONCE = 4;
/** Instance-level QIDO-RS page. */
const LIST_PAGE = 1000;
/** More instances than this in one study is not a study we can hold. */
const MAX_INSTANCES = 100_000;
/**
 * Instances being written while the next ones are read: the network and the disk work at the
 * same time, and memory holds at most this many instances.
 */
const WRITES_IN_FLIGHT = 8;
/** One-by-one requests failing in a row for the network: the node is gone, stop asking. */
const NETWORK_FAILURES_TO_STOP = 3;

/** SOP Instance UID -> Series Instance UID of every instance the node lists for the target. */
async function listInstances(
  http: DicomwebClient,
  target: Target,
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const listed = new Map<string, string>();
  for (let offset = 0; ; offset += LIST_PAGE) {
    const page = await http.search(
      { ...target, of: 'instances' },
      { limit: String(LIST_PAGE), offset: String(offset), includefield: '0020000E' },
      signal,
    );
    let fresh = 0;
    for (const item of page) {
      const sop = stringValue(item, '00080018');
      const series = stringValue(item, '0020000E') ?? target.seriesInstanceUid;
      if (!isDicomUid(sop) || !isDicomUid(series) || listed.has(sop)) continue;
      listed.set(sop, series);
      fresh++;
    }
    if (listed.size > MAX_INSTANCES) throw new PacsError('too_many_results');
    if (page.length < LIST_PAGE || fresh === 0) return listed;
  }
}

/**
 * How many instances the node says the study (or series) has: one study-level answer, cheap
 * where the instance listing is not. Undefined where the node does not say.
 */
async function countInstances(
  http: DicomwebClient,
  target: Target,
  signal: AbortSignal,
): Promise<number | undefined> {
  const [answer] =
    target.seriesInstanceUid === undefined
      ? await http.search(
          { of: 'studies' },
          { StudyInstanceUID: target.studyInstanceUid, includefield: '00201208' },
          signal,
        )
      : await http.search(
          { studyInstanceUid: target.studyInstanceUid, of: 'series' },
          { SeriesInstanceUID: target.seriesInstanceUid, includefield: '00201209' },
          signal,
        );
  const count = numberValue(
    answer,
    target.seriesInstanceUid === undefined ? '00201208' : '00201209',
  );
  return count !== undefined && Number.isInteger(count) && count > 0 ? count : undefined;
}

export async function retrieveStudy(
  http: DicomwebClient,
  target: Target,
  sink: InstanceSink,
  signal: AbortSignal,
  onProgress: (report: RetrieveReport & { bytes: number }) => void,
  limits: { maxInstanceBytes: number },
): Promise<RetrieveReport> {
  const have = new Set(sink.alreadyHave);
  // A fresh retrieve downloads at once and learns the total from one cheap answer; the instance
  // listing (slow on some servers: Orthanc reads every instance for it) is asked for only when
  // something may be missing. A resume needs the listing first, to know what is missing.
  let total: number | undefined;
  const counting =
    have.size === 0
      ? countInstances(http, target, signal).then(
          (count) => (total ??= count),
          () => undefined,
        )
      : Promise.resolve(undefined);
  let received = 0;
  let failed = 0;
  let bytes = 0;
  let problem: PacsProblem | undefined;
  const report = (): RetrieveReport & { bytes: number } => ({
    received,
    failed,
    ...(total === undefined ? {} : { total }),
    bytes,
    ...(problem === undefined ? {} : { problem }),
  });

  const writing = new Set<Promise<void>>();
  /** Every write started so far on disk; the first write error, if any, is thrown here. */
  const settle = async (): Promise<void> => {
    await Promise.all(writing);
  };
  /**
   * One part from the node: written under its own UID, once (a repeated UID is dropped). The
   * write runs on while the next part is read; past WRITES_IN_FLIGHT this waits for one.
   */
  const accept = async (part: Uint8Array): Promise<void> => {
    const sopInstanceUid = instanceUidOf(part);
    if (sopInstanceUid === undefined) {
      problem ??= 'protocol_error';
      return;
    }
    if (have.has(sopInstanceUid)) return;
    have.add(sopInstanceUid);
    const write = sink.accept({ sopInstanceUid, bytes: part }).then(() => {
      received++;
      bytes += part.byteLength;
      onProgress(report());
    });
    const tracked = write.finally(() => writing.delete(tracked));
    writing.add(tracked);
    // A failed write is not lost: settle() rethrows it.
    tracked.catch(() => undefined);
    if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
  };
  const options = { signal, maxPartBytes: limits.maxInstanceBytes, idleMs: IDLE_MS };

  if (have.size === 0) {
    try {
      for await (const part of http.retrieveParts(target, options)) await accept(part);
    } catch (error) {
      if (signal.aborted) throw error;
      problem ??= problemOf(error);
    }
    // What was read is on disk before anything is asked for again.
    await settle();
  }
  await counting;
  // Every instance the node counted is here: nothing to list, nothing missing.
  if (sink.alreadyHave.size === 0 && total !== undefined && received >= total) {
    problem = undefined;
    return report();
  }
  const listed = await listInstances(http, target, signal);
  if (listed.size === 0 && received === 0) throw new PacsError('not_found');
  total = listed.size;

  const missing = [...listed].filter(([uid]) => !have.has(uid));
  let networkFailures = 0;
  const next = (): [string, string] | undefined => missing.shift();
  const worker = async (): Promise<void> => {
    for (let one = next(); one !== undefined; one = next()) {
      if (networkFailures >= NETWORK_FAILURES_TO_STOP) {
        failed++;
        continue;
      }
      const [sopInstanceUid, seriesInstanceUid] = one;
      try {
        const single = {
          studyInstanceUid: target.studyInstanceUid,
          seriesInstanceUid,
          sopInstanceUid,
        };
        for await (const part of http.retrieveParts(single, options)) await accept(part);
        await settle();
        if (!have.has(sopInstanceUid)) throw new PacsError('protocol_error');
        networkFailures = 0;
      } catch (error) {
        if (signal.aborted) throw error;
        const why = problemOf(error);
        problem ??= why;
        if (why === 'refused' || why === 'unreachable' || why === 'timeout') networkFailures++;
        failed++;
        onProgress(report());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, missing.length) }, worker));
  await settle();
  // Every listed instance on disk: a first attempt's stumble that the second put right is no problem.
  if (failed === 0) problem = undefined;
  return report();
}
