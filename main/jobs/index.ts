/**
 * Send jobs: a study (or some of its series) pseudonymized, sent to an AI service of the
 * platform, followed to its end and its results received (through main/results), surviving
 * restarts; and the jobs channels.
 */
export { createJobHandlers, dicomwebRootOf } from './jobHandlers.js';
export { JobRunner } from './jobRunner.js';
export type { JobRunnerOptions, SendRequest } from './jobRunnerOptions.js';
export type { SendJob } from './sendJob.js';
