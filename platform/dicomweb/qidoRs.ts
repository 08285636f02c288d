import type { BearerCheck } from '../identity/index.js';
import { HttpError, sendDicomJson, type Route } from '../http/index.js';
import { attribute, tag, type DicomJsonDataset } from './dicomJson.js';
import type { InstanceFilter, InstanceStore, StoredInstance } from './instanceStore.js';

/**
 * QIDO-RS (PS3.18 §10.6): search for studies, series and instances among the caller's own
 * stored instances. Matching supports the UID keys (single or comma-separated list, §8.3.4.1),
 * Modality, PatientID, AccessionNumber and StudyDate (single date or range), by keyword or tag;
 * `limit` and `offset` page the answer.
 */
type Level = 'study' | 'series' | 'instance';

const keyAliases: Record<string, string> = {
  StudyInstanceUID: tag.studyInstanceUid,
  SeriesInstanceUID: tag.seriesInstanceUid,
  SOPInstanceUID: tag.sopInstanceUid,
  Modality: tag.modality,
  PatientID: tag.patientId,
  AccessionNumber: tag.accessionNumber,
  StudyDate: tag.studyDate,
};

function valueOf(instance: StoredInstance, key: string): string {
  const h = instance.header;
  switch (key) {
    case tag.studyInstanceUid:
      return h.studyInstanceUid;
    case tag.seriesInstanceUid:
      return h.seriesInstanceUid;
    case tag.sopInstanceUid:
      return h.sopInstanceUid;
    case tag.modality:
      return h.modality;
    case tag.patientId:
      return h.patientId;
    case tag.accessionNumber:
      return h.accessionNumber;
    case tag.studyDate:
      return h.studyDate;
    default:
      return '';
  }
}

function matches(instance: StoredInstance, key: string, wanted: string): boolean {
  const value = valueOf(instance, key);
  if (key === tag.studyDate && wanted.includes('-')) {
    const [from = '', to = ''] = wanted.split('-');
    return (from === '' || value >= from) && (to === '' || value <= to);
  }
  if (key === tag.studyInstanceUid || key === tag.seriesInstanceUid || key === tag.sopInstanceUid) {
    return wanted.split(/[,\\]/).includes(value);
  }
  return value === wanted;
}

function studyAttributes(instances: StoredInstance[]): DicomJsonDataset {
  const h = instances[0]!.header;
  const series = new Set(instances.map((i) => i.header.seriesInstanceUid));
  const modalities = [...new Set(instances.map((i) => i.header.modality).filter(Boolean))];
  return {
    [tag.studyDate]: attribute('DA', h.studyDate),
    [tag.studyTime]: attribute('TM', h.studyTime),
    [tag.accessionNumber]: attribute('SH', h.accessionNumber),
    [tag.modalitiesInStudy]: attribute('CS', ...modalities),
    [tag.studyDescription]: attribute('LO', h.studyDescription),
    [tag.patientName]: attribute('PN', h.patientName ? { Alphabetic: h.patientName } : undefined),
    [tag.patientId]: attribute('LO', h.patientId),
    [tag.studyInstanceUid]: attribute('UI', h.studyInstanceUid),
    [tag.numberOfStudyRelatedSeries]: attribute('IS', series.size),
    [tag.numberOfStudyRelatedInstances]: attribute('IS', instances.length),
  };
}

function seriesAttributes(instances: StoredInstance[]): DicomJsonDataset {
  const h = instances[0]!.header;
  return {
    [tag.modality]: attribute('CS', h.modality),
    [tag.seriesDescription]: attribute('LO', h.seriesDescription),
    [tag.studyInstanceUid]: attribute('UI', h.studyInstanceUid),
    [tag.seriesInstanceUid]: attribute('UI', h.seriesInstanceUid),
    [tag.seriesNumber]: attribute('IS', h.seriesNumber),
    [tag.numberOfSeriesRelatedInstances]: attribute('IS', instances.length),
  };
}

export function instanceAttributes(instance: StoredInstance, baseUrl: string): DicomJsonDataset {
  const h = instance.header;
  return {
    [tag.sopClassUid]: attribute('UI', h.sopClassUid),
    [tag.sopInstanceUid]: attribute('UI', h.sopInstanceUid),
    [tag.modality]: attribute('CS', h.modality),
    [tag.retrieveUrl]: attribute(
      'UR',
      `${baseUrl}/studies/${h.studyInstanceUid}/series/${h.seriesInstanceUid}/instances/${h.sopInstanceUid}`,
    ),
    [tag.studyInstanceUid]: attribute('UI', h.studyInstanceUid),
    [tag.seriesInstanceUid]: attribute('UI', h.seriesInstanceUid),
    [tag.instanceNumber]: attribute('IS', h.instanceNumber),
    [tag.numberOfFrames]: attribute('IS', h.numberOfFrames),
    [tag.rows]: attribute('US', h.rows),
    [tag.columns]: attribute('US', h.columns),
  };
}

function groupBy(
  instances: StoredInstance[],
  key: (instance: StoredInstance) => string,
): StoredInstance[][] {
  const groups = new Map<string, StoredInstance[]>();
  for (const instance of instances) {
    const k = key(instance);
    groups.set(k, [...(groups.get(k) ?? []), instance]);
  }
  return [...groups.values()];
}

const PATH =
  /^\/dicomweb(?:\/studies\/([\d.]{1,64}))?(?:\/series\/([\d.]{1,64}))?\/(studies|series|instances)$/;

export function qidoRoute(store: InstanceStore, authorize: BearerCheck, baseUrl: string): Route {
  return async ({ req, res, url }) => {
    if (req.method !== 'GET') return false;
    const match = PATH.exec(url.pathname);
    if (match === null) return false;
    const [, studyUid, seriesUid, resource] = match;
    const level: Level =
      resource === 'studies' ? 'study' : resource === 'series' ? 'series' : 'instance';
    if (
      (level === 'study' && studyUid !== undefined) ||
      (level === 'series' && seriesUid !== undefined)
    )
      return false;
    const caller = await authorize(req);
    const filter: InstanceFilter = { studyUid, seriesUid };
    let found = store.find(caller.subject, filter);
    for (const [name, wanted] of url.searchParams) {
      if (
        name === 'limit' ||
        name === 'offset' ||
        name === 'includefield' ||
        name === 'fuzzymatching'
      )
        continue;
      const key =
        keyAliases[name] ?? (/^[0-9A-Fa-f]{8}$/.test(name) ? name.toUpperCase() : undefined);
      if (key === undefined) throw new HttpError(400, 'unsupported_query_key');
      found = found.filter((instance) => matches(instance, key, wanted));
    }
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const limit = Math.min(
      10_000,
      Math.max(1, Number(url.searchParams.get('limit') ?? 1000) || 1000),
    );
    const answer =
      level === 'study'
        ? groupBy(found, (i) => i.header.studyInstanceUid).map(studyAttributes)
        : level === 'series'
          ? groupBy(found, (i) => i.header.seriesInstanceUid).map(seriesAttributes)
          : found
              .sort((a, b) => (a.header.instanceNumber ?? 0) - (b.header.instanceNumber ?? 0))
              .map((i) => instanceAttributes(i, baseUrl));
    sendDicomJson(res, 200, answer.slice(offset, offset + limit));
    return true;
  };
}
