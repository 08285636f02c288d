/**
 * The first step of a job: its study pseudonymized into the job's staging folder, the pseudonyms
 * kept in the vault, and the staged instances saved with the job before any upload begins.
 */
import { relative } from 'node:path';
import { pseudonymizeStudy, type DeidOptionKey, type PseudonymizeOptions } from '../deid/index.js';
import { VaultError } from '../vault/index.js';
import type { JobStepContext } from './jobRunnerOptions.js';
import type { SendJob } from './sendJob.js';

/** Returns the job as saved for the upload, or undefined when it ended here (failed). */
export async function stageJob(
  runner: JobStepContext,
  job: SendJob,
  stagingDir: string,
  signal: AbortSignal,
): Promise<SendJob | undefined> {
  job = await runner.update(job, { state: 'preparing' });
  const vault = await runner.options.vault();
  const settings: PseudonymizeOptions = {
    options: job.service.deidOptions as DeidOptionKey[],
    outDir: stagingDir,
    keys: await runner.options.keys(),
    vault,
    signal,
    ...(job.reviewed === undefined ? {} : { reviewed: new Set(job.reviewed) }),
  };
  let outputFiles;
  try {
    ({ outputFiles } = await pseudonymizeStudy(await runner.options.filesOf(job.source), settings));
  } catch (error) {
    if (signal.aborted || error instanceof VaultError) throw error;
    await runner.finish(job, { state: 'failed', failure: 'pseudonymize_failed' });
    return undefined;
  }
  const studies = new Set(outputFiles.map((file) => file.studyInstanceUid));
  if (outputFiles.length === 0 || studies.size !== 1) {
    await runner.finish(job, { state: 'failed', failure: 'no_instances' });
    return undefined;
  }
  const staged = outputFiles.map((file) => ({
    file: relative(stagingDir, file.path),
    sopInstanceUid: file.sopInstanceUid,
    seriesInstanceUid: file.seriesInstanceUid,
    bytes: file.bytes,
  }));
  return runner.update(job, {
    state: 'uploading',
    staged,
    stored: [],
    pseudonymStudyUid: [...studies][0],
    progress: {
      instancesDone: 0,
      instancesTotal: staged.length,
      bytesDone: 0,
      bytesTotal: staged.reduce((sum, file) => sum + file.bytes, 0),
    },
  });
}
