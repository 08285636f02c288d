/**
 * The search panel's fields as QIDO-RS query parameters (PS3.18 §8.3.4): attribute matching by
 * keyword, a date range as "from-to", and the extra attributes the study list shows.
 */
import type { RemoteQuery } from '../../../preload/contract/index.js';

/** Study attributes the list shows beyond the ones QIDO-RS returns by default (PS3.18 Table 6.7.1-2). */
const STUDY_FIELDS = [
  '00100030', // Patient's Birth Date
  '00081030', // Study Description
  '00080061', // Modalities in Study
  '00201206', // Number of Study Related Series
  '00201208', // Number of Study Related Instances
];

const SERIES_FIELDS = [
  '0008103E', // Series Description
  '00200011', // Series Number
  '00201209', // Number of Series Related Instances
];

const hasWildcard = (text: string): boolean => /[*?]/.test(text);

export function studyParams(query: RemoteQuery): Record<string, string> {
  const params: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') params[key] = trimmed;
  };
  put('PatientID', query.patientId);
  // A typed name is a beginning: "Yamada" finds "Yamada^Taro" as every viewer does; the PACS
  // matches "*" across the name's groups as it implements PN matching.
  const name = query.patientName?.trim();
  if (name !== undefined && name !== '') put('PatientName', hasWildcard(name) ? name : `${name}*`);
  put('PatientBirthDate', query.patientBirthDate);
  if (query.studyDateFrom !== undefined || query.studyDateTo !== undefined)
    put('StudyDate', `${query.studyDateFrom ?? ''}-${query.studyDateTo ?? ''}`);
  put('ModalitiesInStudy', query.modality);
  put('AccessionNumber', query.accessionNumber);
  put('StudyDescription', query.studyDescription);
  params.includefield = STUDY_FIELDS.join(',');
  return params;
}

export function seriesParams(): Record<string, string> {
  return { includefield: SERIES_FIELDS.join(',') };
}
