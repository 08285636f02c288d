import { z } from 'zod';

/**
 * The DICOM JSON Model (PS3.18 §F.2): a data set is an object keyed by 8-hex-digit tags, each
 * attribute `{ vr, Value?: [...] }`. Only what the platform reads and writes is modelled.
 */
export type DicomAttribute = { vr: string; Value?: unknown[] };
export type DicomJsonDataset = Record<string, DicomAttribute>;

export const dicomJsonDatasetSchema: z.ZodType<DicomJsonDataset> = z.record(
  z.string().regex(/^[0-9A-Fa-f]{8}$/),
  z
    .object({
      vr: z.string().regex(/^[A-Z]{2}$/),
      Value: z.array(z.unknown()).max(100_000).optional(),
    })
    .loose(),
);

export function attribute(vr: string, ...values: unknown[]): DicomAttribute {
  const present = values.filter((value) => value !== undefined && value !== '');
  return present.length === 0 ? { vr } : { vr, Value: present };
}

export function sequence(...items: DicomJsonDataset[]): DicomAttribute {
  return items.length === 0 ? { vr: 'SQ' } : { vr: 'SQ', Value: items };
}

/** First value of an attribute as a string, if it is one. */
export function stringValue(
  dataset: DicomJsonDataset | undefined,
  tag: string,
): string | undefined {
  const value = dataset?.[tag]?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** Items of a sequence attribute that are objects (anything else is ignored). */
export function sequenceItems(
  dataset: DicomJsonDataset | undefined,
  tag: string,
): DicomJsonDataset[] {
  const items = dataset?.[tag]?.Value ?? [];
  return items.filter(
    (item): item is DicomJsonDataset =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

export const tag = {
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyDate: '00080020',
  studyTime: '00080030',
  accessionNumber: '00080050',
  modalitiesInStudy: '00080061',
  modality: '00080060',
  retrieveUrl: '00081190',
  referencedSopSequence: '00081199',
  failedSopSequence: '00081198',
  failureReason: '00081197',
  referencedSopClassUid: '00081150',
  referencedSopInstanceUid: '00081155',
  transactionUid: '00081195',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  patientName: '00100010',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  numberOfStudyRelatedSeries: '00201206',
  numberOfStudyRelatedInstances: '00201208',
  numberOfSeriesRelatedInstances: '00201209',
  numberOfFrames: '00280008',
  rows: '00280010',
  columns: '00280011',
} as const;
