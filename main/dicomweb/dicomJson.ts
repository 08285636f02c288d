/**
 * The DICOM JSON model (PS3.18 §F.2) as zod schemas: every QIDO-RS, STOW-RS and UPS-RS answer is
 * parsed by these before the app reads a value from it.
 */
import { z } from 'zod';

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonAttribute>;

const TAG = /^[0-9A-Fa-f]{8}$/;

export const DicomJsonAttributeSchema = z.object({
  vr: z.string().regex(/^[A-Z]{2}$/),
  Value: z.array(z.unknown()).max(1_000_000).optional(),
  BulkDataURI: z.string().max(8192).optional(),
  InlineBinary: z.string().optional(),
});

export const DicomJsonDatasetSchema: z.ZodType<DicomJsonDataset> = z.record(
  z.string().regex(TAG),
  DicomJsonAttributeSchema,
);
export const DicomJsonArraySchema = z.array(DicomJsonDatasetSchema).max(100_000);

/** Tags this client reads, as the DICOM JSON keys (upper-case hex). */
export const tag = {
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  retrieveUrl: '00081190',
  failedSopSequence: '00081198',
  referencedSopSequence: '00081199',
  referencedSopClassUid: '00081150',
  referencedSopInstanceUid: '00081155',
  failureReason: '00081197',
  warningReason: '00081196',
  transactionUid: '00081195',
  procedureStepState: '00741000',
  procedureStepProgressInformationSequence: '00741002',
  procedureStepProgress: '00741004',
  reasonForCancellation: '00741238',
  performedProcedureSequence: '00741216',
  outputInformationSequence: '00404033',
  inputInformationSequence: '00404021',
  scheduledWorkitemCodeSequence: '00404018',
  eventTypeId: '00001002',
  affectedSopInstanceUid: '00001000',
} as const;

/** The value of an attribute by tag, in any case of its hex digits. */
function attributeOf(
  dataset: DicomJsonDataset | undefined,
  key: string,
): DicomJsonAttribute | undefined {
  if (dataset === undefined) return undefined;
  return dataset[key] ?? dataset[key.toUpperCase()] ?? dataset[key.toLowerCase()];
}

export function stringValue(
  dataset: DicomJsonDataset | undefined,
  key: string,
): string | undefined {
  const value = attributeOf(dataset, key)?.Value?.[0];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function numberValue(
  dataset: DicomJsonDataset | undefined,
  key: string,
): number | undefined {
  const value = attributeOf(dataset, key)?.Value?.[0];
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** Items of a sequence attribute; items that are not data sets are dropped. */
export function sequenceItems(
  dataset: DicomJsonDataset | undefined,
  key: string,
): DicomJsonDataset[] {
  const items = attributeOf(dataset, key)?.Value ?? [];
  return items.flatMap((item) => {
    const parsed = DicomJsonDatasetSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function attribute(vr: string, ...values: unknown[]): DicomJsonAttribute {
  return values.length === 0 ? { vr } : { vr, Value: values };
}
