import { equipmentAttributes, type AlgorithmIdentity } from './algorithmIdentity.js';
import type { NaturalDataset } from './part10.js';
import type { SourceSeries } from './readSeries.js';
import { newUid } from './uid.js';

/**
 * The part every result object shares: Patient and General Study copied from the input (a result
 * belongs to the study it was derived from, PS3.3 C.7.1.1 and C.7.2.1; IHE AIR requires the same
 * Study Instance UID), a new series, SOP Common, and the algorithm's equipment attributes.
 */
export function resultHeader(
  source: SourceSeries,
  algorithm: AlgorithmIdentity,
  sopClassUid: string,
  modality: string,
  seriesNumber: number,
  seriesDescription: string,
  now: Date,
): NaturalDataset {
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  const header: NaturalDataset = {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: newUid(),
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    ...source.patientStudy,
    StudyInstanceUID: source.studyInstanceUid,
    Modality: modality,
    SeriesInstanceUID: newUid(),
    SeriesNumber: String(seriesNumber),
    SeriesDescription: seriesDescription,
    SeriesDate: date,
    SeriesTime: time,
    ContentDate: date,
    ContentTime: time,
    InstanceNumber: '1',
    ...equipmentAttributes(algorithm),
  };
  // Copy the character set only when the copied text needs it (ASCII needs none).
  if (source.specificCharacterSet !== '')
    header.SpecificCharacterSet = source.specificCharacterSet.split('\\');
  return header;
}
