/**
 * The review channels: the findings of a study's TID 1500 reports, its SEGs for the
 * overlay, and the doctor's assessment saved as a new SR (IHE AIRA). Reports and SEGs come from
 * the library (imported with the study, e.g. third-party results) and from the AI results the
 * send/receive pipeline stored beside the study (`<dataDir>/ai-results/`). The AI objects are
 * only ever read here.
 */
import { readFile } from 'node:fs/promises';
import type { ReviewReport, ReviewSegmentation } from '../../preload/contract/index.js';
import { HandlerError } from '../errors/index.js';
import type { Feature, HostServices } from '../host/index.js';
import { opaqueId, type StudyLibrary } from '../library/index.js';
import {
  aiResultIndexFor,
  assessmentIndexFor,
  readDataset,
  readMeasurementReport,
  reportsBeside,
  resultTime,
  segmentationLabelmap,
  summariseSegmentation,
  text,
  type DicomItem,
} from '../results/index.js';
import { writeAssessmentReport } from './assessmentReport.js';

/** What the result picker shows of an object besides its algorithm: its series and when it was made. */
function identity(
  dataset: DicomItem,
  object: StudyObject,
): { seriesInstanceUid: string; seriesDescription?: string; time?: string } {
  const description = text(dataset.SeriesDescription).slice(0, 64);
  const time = object.receivedAt ?? resultTime(dataset);
  return {
    seriesInstanceUid: text(dataset.SeriesInstanceUID),
    ...(description === '' ? {} : { seriesDescription: description }),
    ...(time === undefined ? {} : { time }),
  };
}

/** What the review uses of the features built before it. */
export interface ReviewUses {
  /** The study's own SRs and SEGs, and the series a SEG was made from. */
  library: StudyLibrary;
  /**
   * Names the signed-in doctor, who becomes the Person Observer (TID 1002) of every assessment
   * saved: AIRA asks who accepted or rejected each AI finding.
   */
  session: Promise<{ status(): { user?: { name: string } } }>;
}

const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/** A result object of a study: where its bytes are, and whether the AI pipeline stored it. */
interface StudyObject {
  sopInstanceUid: string;
  sopClassUid: string;
  path: string;
  /** From the library's header; AI results stored by the jobs pipeline are Explicit VR Little Endian. */
  transferSyntaxUid: string;
  /** When the jobs pipeline received it: a pseudonymized result's own dates may be shifted. */
  receivedAt?: string;
}

export function createReviewHandlers(
  host: HostServices,
  { library, session }: ReviewUses,
): Feature<'review'> {
  const observer = async (): Promise<string | undefined> => (await session).status().user?.name;
  const aiResults = aiResultIndexFor(host.dataDir);
  const assessmentIndex = assessmentIndexFor(host.dataDir);

  const objectsOf = async (studyId: string): Promise<StudyObject[]> => {
    const instances = library.studyInstances(studyId);
    if (instances === undefined) throw new HandlerError('not_found', 'study');
    const fromLibrary = instances
      .filter(
        (instance) =>
          instance.header.sopClassUid.startsWith(SR_CLASS_PREFIX) ||
          instance.header.sopClassUid === SEG_CLASS,
      )
      .map((instance) => ({
        sopInstanceUid: instance.header.sopInstanceUid,
        sopClassUid: instance.header.sopClassUid,
        path: instance.path,
        transferSyntaxUid: instance.header.transferSyntaxUid,
      }));
    fromLibrary.push(...(await reportsBeside(instances)));
    const studyUid = instances[0]?.header.studyInstanceUid;
    const stored = studyUid === undefined ? [] : await aiResults.forStudy(studyUid);
    const known = new Set(fromLibrary.map((object) => object.sopInstanceUid));
    const fromJobs = stored
      .filter((entry) => !known.has(entry.sopInstanceUid))
      .map((entry) => ({
        sopInstanceUid: entry.sopInstanceUid,
        sopClassUid: entry.sopClassUid,
        path: aiResults.pathOf(entry),
        transferSyntaxUid: '',
        receivedAt: entry.receivedAt,
      }));
    return [...fromLibrary, ...fromJobs];
  };

  const objectOf = async (studyId: string, sopInstanceUid: string): Promise<StudyObject> => {
    const found = (await objectsOf(studyId)).find(
      (object) => object.sopInstanceUid === sopInstanceUid,
    );
    if (found === undefined) throw new HandlerError('not_found', 'result object');
    return found;
  };

  const handlers: Feature<'review'>['handlers'] = {
    'review.study': async ({ studyId }) => {
      const objects = await objectsOf(studyId);
      const assessments = await assessmentIndex.read();
      const reports: ReviewReport[] = [];
      const segmentations: ReviewSegmentation[] = [];
      for (const object of objects) {
        const bytes = await readFile(object.path).catch(() => undefined);
        if (bytes === undefined) continue;
        if (object.sopClassUid === SEG_CLASS) {
          const dataset = readDataset(bytes);
          const summary = summariseSegmentation(dataset);
          const seriesUid = summary.referencedSeriesInstanceUid;
          const seriesId = seriesUid === undefined ? undefined : opaqueId('series', seriesUid);
          segmentations.push({
            sopInstanceUid: summary.sopInstanceUid,
            ...identity(dataset, object),
            ...(seriesId !== undefined && library.seriesInstances(seriesId) !== undefined
              ? { sourceSeriesId: seriesId }
              : {}),
            ...(summary.algorithm ? { algorithm: summary.algorithm } : {}),
            segments: summary.segments,
          });
          continue;
        }
        const dataset = readDataset(bytes);
        const report = readMeasurementReport(dataset);
        if (report === undefined || report.findings.length === 0) continue;
        reports.push({
          sopInstanceUid: report.sopInstanceUid,
          ...identity(dataset, object),
          ...(report.algorithm ? { algorithm: report.algorithm } : {}),
          findings: report.findings,
          decisions: assessments.reports[report.sopInstanceUid]?.decisions ?? {},
        });
      }
      return { reports, segmentations };
    },
    'review.segmentation': async ({ studyId, sopInstanceUid }) => {
      const object = await objectOf(studyId, sopInstanceUid);
      if (object.sopClassUid !== SEG_CLASS)
        throw new HandlerError('not_found', 'not a segmentation');
      return segmentationLabelmap(
        readDataset(new Uint8Array(await readFile(object.path))),
        object.transferSyntaxUid,
      );
    },
    'review.saveAssessment': async ({ studyId, sopInstanceUid, decisions }) => {
      const object = await objectOf(studyId, sopInstanceUid);
      if (!object.sopClassUid.startsWith(SR_CLASS_PREFIX))
        throw new HandlerError('not_found', 'not a report');
      const report = readDataset(new Uint8Array(await readFile(object.path)));
      const name = await observer();
      const written = writeAssessmentReport(report, decisions, {
        manufacturerVersion: host.info.version,
        ...(name === undefined ? {} : { observer: name }),
      });
      const file = `${written.sopInstanceUid}.dcm`;
      const savedAt = new Date().toISOString();
      await assessmentIndex.save(sopInstanceUid, written.bytes, {
        file,
        savedAt,
        decisions: Object.fromEntries(
          decisions.map((d) => [
            d.trackingUid ?? d.trackingId,
            { decision: d.decision, comment: d.comment },
          ]),
        ),
        studyInstanceUid: text(report.StudyInstanceUID),
        seriesInstanceUid: written.seriesInstanceUid,
        sopInstanceUid: written.sopInstanceUid,
        ...(name === undefined ? {} : { observer: name.slice(0, 256) }),
      });
      return { sopInstanceUid: written.sopInstanceUid, savedAt };
    },
  };
  return { handlers };
}
