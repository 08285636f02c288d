/**
 * The upload step of a job: its staged instances stored with STOW-RS (those the server already
 * holds are not sent again), progress saved as it goes, and the export audited.
 */
import { auditRecords } from '../audit/index.js';
import { newUid } from '../dicom/index.js';
import type { DicomwebClient } from '../dicomweb/index.js';
import type { JobStepContext } from './jobRunnerOptions.js';
import type { SendJob } from './sendJob.js';
import { stowUpload } from './stowUpload.js';

/** Returns the job as saved for its work item (queued). */
export async function uploadJob(
  runner: JobStepContext,
  job: SendJob,
  client: DicomwebClient,
  stagingDir: string,
  signal: AbortSignal,
): Promise<SendJob> {
  const id = job.id;
  const bytesOf = new Map(job.staged.map((instance) => [instance.sopInstanceUid, instance.bytes]));
  const stored = new Set(job.stored);
  const progressed = (): void => {
    const current = runner.current(id);
    let bytesDone = 0;
    for (const uid of stored) bytesDone += bytesOf.get(uid) ?? 0;
    void runner
      .update(current, {
        stored: [...stored],
        progress: { ...current.progress, instancesDone: stored.size, bytesDone },
      })
      .catch(() => undefined);
  };
  await stowUpload({
    client,
    stagingDir,
    studyInstanceUid: job.pseudonymStudyUid!,
    instances: job.staged,
    backoff: runner.backoff,
    signal,
    ...(runner.options.concurrency === undefined
      ? {}
      : { concurrency: runner.options.concurrency }),
    ...(runner.options.batchBytes === undefined ? {} : { batchBytes: runner.options.batchBytes }),
    onPresent: (uids) => {
      stored.clear();
      for (const uid of uids) stored.add(uid);
      progressed();
    },
    onStored: (uids) => {
      for (const uid of uids) stored.add(uid);
      progressed();
    },
  });
  job = runner.current(id);
  // 110106 Export: what left, pseudonymized, and where to (PS3.15 A.5.3.5).
  await runner.options.audit
    ?.record(
      auditRecords.export({
        destination: job.destination,
        pseudonymized: true,
        patients: runner.options.patientsOf?.(job.source) ?? [],
        studies: [
          { studyInstanceUid: job.source.studyInstanceUid, instanceCount: job.staged.length },
        ],
        outcome: 0,
      }),
    )
    .catch(() => undefined);
  return runner.update(job, { state: 'queued', workItemUid: job.workItemUid ?? newUid() });
}
