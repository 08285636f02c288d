/**
 * QIDO-RS answers (DICOM JSON) as the contract's remote study and series. An answer that lacks
 * its UID or does not fit the schema is dropped, not shown half.
 */
import { RemoteSeries, RemoteStudy, type PersonName } from '../../../preload/contract/index.js';
import { isDicomUid } from '../../dicom/index.js';
import { numberValue, stringValue, type DicomJsonDataset } from '../../dicomweb/index.js';

const text = (dataset: DicomJsonDataset, key: string, max: number): string =>
  (stringValue(dataset, key) ?? '').slice(0, max);

/** PN in DICOM JSON is an object of its three groups (PS3.18 §F.2.2). */
function personName(dataset: DicomJsonDataset): PersonName {
  const value = dataset['00100010']?.Value?.[0];
  const group = (key: string): string => {
    if (typeof value !== 'object' || value === null) return '';
    const part = (value as Record<string, unknown>)[key];
    return typeof part === 'string' ? part.slice(0, 256) : '';
  };
  return {
    alphabetic: group('Alphabetic'),
    ideographic: group('Ideographic'),
    phonetic: group('Phonetic'),
  };
}

function strings(dataset: DicomJsonDataset, key: string): string[] {
  const values = dataset[key]?.Value ?? [];
  return values.filter((one): one is string => typeof one === 'string').slice(0, 32);
}

const count = (dataset: DicomJsonDataset, key: string): number | undefined => {
  const value = numberValue(dataset, key);
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
};

export function remoteStudy(nodeId: string, dataset: DicomJsonDataset): RemoteStudy | undefined {
  const uid = stringValue(dataset, '0020000D');
  if (!isDicomUid(uid)) return undefined;
  const seriesCount = count(dataset, '00201206');
  const instanceCount = count(dataset, '00201208');
  const parsed = RemoteStudy.safeParse({
    nodeId,
    studyInstanceUid: uid,
    patientName: personName(dataset),
    patientId: text(dataset, '00100020', 64),
    patientBirthDate: text(dataset, '00100030', 18),
    studyDate: text(dataset, '00080020', 18),
    studyDescription: text(dataset, '00081030', 64),
    accessionNumber: text(dataset, '00080050', 64),
    modalities: strings(dataset, '00080061').map((one) => one.slice(0, 16)),
    ...(seriesCount === undefined ? {} : { seriesCount }),
    ...(instanceCount === undefined ? {} : { instanceCount }),
  });
  return parsed.success ? parsed.data : undefined;
}

export function remoteSeries(
  nodeId: string,
  studyInstanceUid: string,
  dataset: DicomJsonDataset,
): RemoteSeries | undefined {
  const uid = stringValue(dataset, '0020000E');
  if (!isDicomUid(uid)) return undefined;
  const number = numberValue(dataset, '00200011');
  const instanceCount = count(dataset, '00201209');
  const parsed = RemoteSeries.safeParse({
    nodeId,
    studyInstanceUid,
    seriesInstanceUid: uid,
    modality: text(dataset, '00080060', 16),
    seriesNumber: number !== undefined && Number.isInteger(number) ? number : null,
    seriesDescription: text(dataset, '0008103E', 64),
    ...(instanceCount === undefined ? {} : { instanceCount }),
  });
  return parsed.success ? parsed.data : undefined;
}
