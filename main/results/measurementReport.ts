/**
 * Reads a DICOM SR that follows TID 1500 "Measurement Report" (PS3.16 Annex A) generically: it
 * walks the content tree rather than fixed positions, so reports written by our reference
 * services, highdicom, dcmqi or any other TID 1500 writer give the same kind of findings.
 *
 * Imaging Measurements (DCM 126010) > Measurement Group (DCM 125007, TID 1411 volumetric or
 * TID 1410 planar ROI or TID 1501 generic) > Tracking Identifier (DCM 112039), Tracking UID
 * (DCM 112040), Finding (DCM 121071), Finding Site (SCT 363698007 / SRT G-C0E3), NUM items
 * (TID 300) with UCUM units and their derivation modifier, the Referenced Segment (DCM 121191,
 * or any IMAGE item with a Referenced Segment Number), SCOORD3D points (e.g. Center, DCM 111010),
 * and every other SCOORD/SCOORD3D as a region to draw (spatialCoordinates.ts).
 */
import type {
  ReviewAlgorithm as AiAlgorithm,
  ReviewFinding,
  ReviewMeasurement,
} from '../../preload/contract/index.js';
import { items, numbers, readDataset, text, type DicomItem } from './dicomDataset.js';
import { regionOf } from './spatialCoordinates.js';

export interface MeasurementReport {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  sopClassUid: string;
  /** From Contributing Equipment (IHE AIR) or, failing that, the device observer (TID 1004). */
  algorithm: AiAlgorithm | undefined;
  findings: ReviewFinding[];
}

const code = (item: DicomItem | undefined): string => {
  const name = items(item?.ConceptNameCodeSequence)[0];
  return name === undefined ? '' : `${text(name.CodingSchemeDesignator)}:${text(name.CodeValue)}`;
};
const meaning = (codeItem: DicomItem | undefined): string => text(codeItem?.CodeMeaning);
const conceptMeaning = (item: DicomItem): string => meaning(items(item.ConceptNameCodeSequence)[0]);
const children = (item: DicomItem): DicomItem[] => items(item.ContentSequence);

const IMAGING_MEASUREMENTS = 'DCM:126010';
const MEASUREMENT_GROUP = 'DCM:125007';
const TRACKING_ID = 'DCM:112039';
const TRACKING_UID = 'DCM:112040';
const FINDING = 'DCM:121071';
const FINDING_SITES = new Set(['SCT:363698007', 'SRT:G-C0E3']);
const VOLUME = new Set(['SCT:118565006', 'SRT:G-D705']);
const DIAMETER = new Set([
  'SCT:81827009',
  'SRT:M-02550',
  'SCT:103355008',
  'SRT:G-A185',
  'SCT:131190003',
  'SRT:G-A22A',
]);
const CENTER = new Set(['DCM:111010']);
/** More regions than this in one finding are not drawn (the contract's limit). */
const MAX_REGIONS = 64;

/** Volume units (UCUM) to mm³. */
const TO_MM3: Record<string, number> = { mm3: 1, ml: 1000, mL: 1000, cm3: 1000, ul: 1, uL: 1 };

/** All content items with this concept under `root`, depth first (the template may nest them). */
function findAll(root: DicomItem, concept: string, depth = 0): DicomItem[] {
  if (depth > 16) return [];
  const found: DicomItem[] = [];
  for (const child of children(root)) {
    if (code(child) === concept) found.push(child);
    else found.push(...findAll(child, concept, depth + 1));
  }
  return found;
}

function measurement(item: DicomItem): ReviewMeasurement | undefined {
  const measured = items(item.MeasuredValueSequence)[0];
  if (measured === undefined) return undefined;
  const value = numbers(measured.NumericValue)[0];
  if (value === undefined) return undefined;
  const unitCode = items(measured.MeasurementUnitsCodeSequence)[0];
  const derivation = children(item).find(
    (child) =>
      text(child.ValueType) === 'CODE' &&
      /121401|R-00317|derivation/i.test(code(child) + conceptMeaning(child)),
  );
  return {
    concept: code(item),
    name: conceptMeaning(item),
    value,
    unit: text(unitCode?.CodeValue),
    ...(derivation ? { derivation: meaning(items(derivation.ConceptCodeSequence)[0]) } : {}),
  };
}

function readGroup(group: DicomItem, index: number): ReviewFinding {
  const finding: ReviewFinding = { trackingId: `#${index + 1}`, measurements: [] };
  for (const child of children(group)) {
    const concept = code(child);
    const valueType = text(child.ValueType);
    if (concept === TRACKING_ID) finding.trackingId = text(child.TextValue) || finding.trackingId;
    else if (concept === TRACKING_UID) finding.trackingUid = text(child.UID);
    else if (concept === FINDING)
      finding.findingType = meaning(items(child.ConceptCodeSequence)[0]);
    else if (FINDING_SITES.has(concept))
      finding.findingSite = meaning(items(child.ConceptCodeSequence)[0]);
    else if (valueType === 'NUM') {
      const read = measurement(child);
      if (read !== undefined) finding.measurements.push(read);
    } else if (valueType === 'SCOORD3D') {
      const point = numbers(child.GraphicData);
      const isCenter =
        CENTER.has(concept) ||
        (text(child.GraphicType) === 'POINT' && finding.centre === undefined);
      if (isCenter && point.length >= 3)
        finding.centre = {
          x: point[0]!,
          y: point[1]!,
          z: point[2]!,
          frameOfReferenceUid: text(child.ReferencedFrameOfReferenceUID),
        };
    } else if (valueType === 'IMAGE') {
      const reference = items(child.ReferencedSOPSequence)[0];
      const segmentNumber = numbers(reference?.ReferencedSegmentNumber)[0];
      if (reference !== undefined && segmentNumber !== undefined) {
        finding.segment = {
          sopInstanceUid: text(reference.ReferencedSOPInstanceUID),
          segmentNumber,
        };
      } else if (reference !== undefined && finding.imageSopInstanceUid === undefined) {
        finding.imageSopInstanceUid = text(reference.ReferencedSOPInstanceUID);
      }
    } else if (valueType === 'SCOORD') {
      // TID 1410 planar ROI: the image it was drawn on is the SCOORD's "selected from" child.
      const image = children(child)
        .map((c) => items(c.ReferencedSOPSequence)[0])
        .find((r) => r !== undefined);
      if (image !== undefined) finding.imageSopInstanceUid ??= text(image.ReferencedSOPInstanceUID);
    }
    if ((valueType === 'SCOORD' || valueType === 'SCOORD3D') && !CENTER.has(concept)) {
      const region = regionOf(child);
      if (region !== undefined && (finding.regions?.length ?? 0) < MAX_REGIONS)
        (finding.regions ??= []).push(region);
    }
  }
  summarise(finding);
  return finding;
}

/** Size, volume and confidence from the measurements by concept, then by unit and name. */
function summarise(finding: ReviewFinding): void {
  const list = finding.measurements;
  const diameter =
    list.find((m) => DIAMETER.has(m.concept) && m.unit === 'mm') ??
    list.find((m) => m.unit === 'mm' && /diameter|length|size|axis/i.test(m.name));
  if (diameter !== undefined) finding.sizeMm = diameter.value;
  const volume = list.find(
    (m) => (VOLUME.has(m.concept) || /volume/i.test(m.name)) && TO_MM3[m.unit] !== undefined,
  );
  if (volume !== undefined) finding.volumeMm3 = volume.value * TO_MM3[volume.unit]!;
  const confidence = list.find((m) => /confidence|probability|likelihood/i.test(m.name));
  if (confidence !== undefined)
    finding.confidence = confidence.unit === '%' ? confidence.value / 100 : confidence.value;
}

/** IHE AIR: the algorithm is the Contributing Equipment item (0018,A001) that is not the modality. */
export function algorithmOf(dataset: DicomItem): AiAlgorithm | undefined {
  const equipment = items(dataset.ContributingEquipmentSequence);
  const chosen =
    equipment.find((item) =>
      /109102|109103|109104/.test(
        code({ ConceptNameCodeSequence: item.PurposeOfReferenceCodeSequence }),
      ),
    ) ?? equipment[0];
  if (chosen !== undefined) {
    return {
      manufacturer: text(chosen.Manufacturer),
      name: text(chosen.ManufacturerModelName) || text(chosen.Manufacturer),
      version: text(chosen.SoftwareVersions),
    };
  }
  return undefined;
}

/** From the file's bytes, or from its data set when the caller has read it already. */
export function readMeasurementReport(
  source: Uint8Array | DicomItem,
): MeasurementReport | undefined {
  const dataset = source instanceof Uint8Array ? readDataset(source) : source;
  if (text(dataset.Modality) !== 'SR' && items(dataset.ContentSequence).length === 0)
    return undefined;
  const groups = findAll(dataset, IMAGING_MEASUREMENTS).flatMap((container) =>
    findAll(container, MEASUREMENT_GROUP),
  );
  return {
    sopInstanceUid: text(dataset.SOPInstanceUID),
    seriesInstanceUid: text(dataset.SeriesInstanceUID),
    studyInstanceUid: text(dataset.StudyInstanceUID),
    sopClassUid: text(dataset.SOPClassUID),
    algorithm: algorithmOf(dataset),
    findings: groups.map(readGroup),
  };
}
