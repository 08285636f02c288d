import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * A generic TID 1500 reader for the tests, independent of the writer: it parses the file with
 * dcmjs, walks the SR content tree and returns every Measurement Group (DCM 125007) under
 * Imaging Measurements (DCM 126010) with its tracking identifier, referenced segment, numeric
 * measurements by concept code, and 3D coordinates. It knows the template, not our code.
 */
export interface ReadMeasurementGroup {
  trackingIdentifier?: string;
  trackingUid?: string;
  finding?: string;
  referencedSegment?: { sopInstanceUid: string; segmentNumber: number };
  numbers: Record<string, { value: number; unit: string }>;
  points: Record<string, { coordinates: number[]; frameOfReferenceUid: string }>;
}

export interface ReadReport {
  dataset: Record<string, unknown>;
  templateIdentifier?: string;
  observerDeviceUid?: string;
  groups: ReadMeasurementGroup[];
}

type Item = Record<string, unknown>;
interface DcmjsReading {
  DicomMessage: { readFile(buffer: ArrayBuffer): { dict: unknown } };
  DicomMetaDictionary: { naturalizeDataset(dict: unknown): Item };
}
// dcmjs ships no type declarations; this is the part of it the reader uses.
const dcmjsData = (createRequire(import.meta.url)('dcmjs') as { data: DcmjsReading }).data;
function parse(bytes: Buffer): Item {
  return dcmjsData.DicomMetaDictionary.naturalizeDataset(
    dcmjsData.DicomMessage.readFile(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    ).dict,
  );
}
const list = (value: unknown): Item[] =>
  Array.isArray(value) ? (value as Item[]) : value === undefined ? [] : [value as Item];
const conceptCode = (item: Item): string => {
  const name = list(item.ConceptNameCodeSequence)[0];
  return name ? `${String(name.CodingSchemeDesignator)}:${String(name.CodeValue)}` : '';
};

export async function readTid1500(path: string): Promise<ReadReport> {
  const dataset = parse(await readFile(path));
  const report: ReadReport = { dataset, groups: [] };
  report.templateIdentifier = String(
    list(dataset.ContentTemplateSequence)[0]?.TemplateIdentifier ?? '',
  );
  for (const item of list(dataset.ContentSequence)) {
    if (conceptCode(item) === 'DCM:121012') report.observerDeviceUid = String(item.UID);
    if (conceptCode(item) !== 'DCM:126010') continue;
    for (const group of list(item.ContentSequence)) {
      if (conceptCode(group) !== 'DCM:125007') continue;
      const read: ReadMeasurementGroup = { numbers: {}, points: {} };
      for (const child of list(group.ContentSequence)) {
        const code = conceptCode(child);
        if (code === 'DCM:112039') read.trackingIdentifier = String(child.TextValue);
        else if (code === 'DCM:112040') read.trackingUid = String(child.UID);
        else if (code === 'DCM:121071')
          read.finding = String(list(child.ConceptCodeSequence)[0]?.CodeMeaning);
        else if (code === 'DCM:121191') {
          const reference = list(child.ReferencedSOPSequence)[0]!;
          read.referencedSegment = {
            sopInstanceUid: String(reference.ReferencedSOPInstanceUID),
            segmentNumber: Number(reference.ReferencedSegmentNumber),
          };
        } else if (child.ValueType === 'NUM') {
          const measured = list(child.MeasuredValueSequence)[0]!;
          read.numbers[code] = {
            value: Number(measured.NumericValue),
            unit: String(list(measured.MeasurementUnitsCodeSequence)[0]?.CodeValue),
          };
        } else if (child.ValueType === 'SCOORD3D') {
          read.points[code] = {
            coordinates: list(child.GraphicData).map(Number),
            frameOfReferenceUid: String(child.ReferencedFrameOfReferenceUID),
          };
        }
      }
      report.groups.push(read);
    }
  }
  return report;
}

/** Any DICOM file as a dcmjs naturalized dataset (for checking references). */
export async function readNatural(path: string): Promise<Item> {
  return parse(await readFile(path));
}
