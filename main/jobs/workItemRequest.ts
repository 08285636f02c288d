/**
 * The UPS work item that asks an AI service to run (IHE RAD AIW-I, "Request AI Analysis"; UPS
 * attributes of PS3.4 Table CC.2.5-3): the service's code in the Scheduled Workitem Code
 * Sequence, and the pseudonymized study — one Input Information Sequence item per series, with
 * its instances — as input, ready now.
 */
import { attribute, type DicomJsonDataset, tag } from '../dicomweb/index.js';
import type { SendJob } from './sendJob.js';

const dicomDateTime = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');

export function workItemRequest(job: SendJob, now = new Date()): DicomJsonDataset {
  const bySeries = new Map<string, string[]>();
  for (const instance of job.staged)
    bySeries.set(instance.seriesInstanceUid, [
      ...(bySeries.get(instance.seriesInstanceUid) ?? []),
      instance.sopInstanceUid,
    ]);
  const inputs = [...bySeries].map(([seriesUid, sops]) => ({
    [tag.studyInstanceUid]: attribute('UI', job.pseudonymStudyUid),
    [tag.seriesInstanceUid]: attribute('UI', seriesUid),
    [tag.referencedSopSequence]: attribute(
      'SQ',
      ...sops.map((sop) => ({ [tag.referencedSopInstanceUid]: attribute('UI', sop) })),
    ),
  }));
  return {
    [tag.procedureStepState]: attribute('CS', 'SCHEDULED'),
    '00741200': attribute('CS', 'MEDIUM'), // Scheduled Procedure Step Priority
    '00741204': attribute('LO', `AI ${job.service.id}`), // Procedure Step Label
    '00404005': attribute('DT', dicomDateTime(now)), // Scheduled Procedure Step Start DateTime
    '00404041': attribute('CS', 'READY'), // Input Readiness State
    [tag.scheduledWorkitemCodeSequence]: attribute('SQ', {
      '00080100': attribute('SH', job.service.workitemCode.value),
      '00080102': attribute('SH', job.service.workitemCode.scheme),
      '00080104': attribute('LO', job.service.workitemCode.meaning),
    }),
    [tag.inputInformationSequence]: attribute('SQ', ...inputs),
  };
}
