import type { AlgorithmIdentity } from './algorithmIdentity.js';
import { codeItem, codes, type Code } from './codes.js';
import { decimalString, encodePart10, type NaturalDataset } from './part10.js';
import type { SourceSeries } from './readSeries.js';
import { resultHeader } from './resultHeader.js';
import { SEGMENTATION_STORAGE } from './writeSegmentation.js';
import type { Vec3 } from '../volume/index.js';

export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';

/** One finding, reported as a TID 1411 Volumetric ROI Measurements group. */
export interface ReportedFinding {
  trackingIdentifier: string;
  trackingUid: string;
  finding: Code;
  findingSite?: Code;
  /** Segment number in the accompanying SEG. */
  segmentNumber: number;
  centerMm?: Vec3;
  maximumDiameterMm?: number;
  volume: { value: number; unit: Code };
  confidence?: number;
}

type ContentItem = NaturalDataset;
const concept = (code: Code): NaturalDataset[] => [codeItem(code)];
const item = (
  relationship: string,
  valueType: string,
  name: Code,
  value: NaturalDataset,
): ContentItem => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: concept(name),
  ...value,
});
// Content Sequence is Type 1C: present only when the item has children (PS3.3 C.17.3).
const container = (relationship: string, name: Code, children: ContentItem[]): ContentItem =>
  item(relationship, 'CONTAINER', name, {
    ContinuityOfContent: 'SEPARATE',
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  });
const text = (relationship: string, name: Code, value: string): ContentItem =>
  item(relationship, 'TEXT', name, { TextValue: value });
const coded = (relationship: string, name: Code, value: Code): ContentItem =>
  item(relationship, 'CODE', name, { ConceptCodeSequence: concept(value) });
const uidRef = (relationship: string, name: Code, value: string): ContentItem =>
  item(relationship, 'UIDREF', name, { UID: value });
const num = (name: Code, value: number, unit: Code, modifiers: ContentItem[] = []): ContentItem =>
  item('CONTAINS', 'NUM', name, {
    MeasuredValueSequence: [
      { NumericValue: decimalString(value), MeasurementUnitsCodeSequence: concept(unit) },
    ],
    ...(modifiers.length > 0 ? { ContentSequence: modifiers } : {}),
  });

/**
 * A Comprehensive 3D SR following TID 1500 "Measurement Report" (PS3.16): language, device
 * observer (TID 1004, the algorithm), procedure reported, an image library of the source slices
 * (TID 1600), and per finding a TID 1411 group: tracking identifier and UID, finding, finding
 * site, the referenced SEG segment, the source series, algorithm name and version (TID 4019),
 * and the measurements (TID 1419): volume, maximum diameter, centre as a 3D point in the
 * source's frame of reference, and confidence.
 */
export function writeMeasurementReport(
  source: SourceSeries,
  findings: ReportedFinding[],
  algorithm: AlgorithmIdentity,
  options: {
    seriesNumber: number;
    seriesDescription: string;
    procedure: Code;
    segmentation?: { sopInstanceUid: string; seriesInstanceUid: string };
    now?: Date;
  },
): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const header = resultHeader(
    source,
    algorithm,
    COMPREHENSIVE_3D_SR_STORAGE,
    'SR',
    options.seriesNumber,
    options.seriesDescription,
    options.now ?? new Date(),
  );
  const sourceImages = source.sopInstanceUids.map((uid) => ({
    ReferencedSOPClassUID: source.sopClassUid,
    ReferencedSOPInstanceUID: uid,
  }));

  const groups = findings.map((finding) => {
    const children: ContentItem[] = [
      text('HAS OBS CONTEXT', codes.trackingIdentifier, finding.trackingIdentifier),
      uidRef('HAS OBS CONTEXT', codes.trackingUid, finding.trackingUid),
      coded('CONTAINS', codes.finding, finding.finding),
      ...(finding.findingSite
        ? [coded('HAS CONCEPT MOD', codes.findingSite, finding.findingSite)]
        : []),
      text('HAS CONCEPT MOD', codes.algorithmName, algorithm.name),
      text('HAS CONCEPT MOD', codes.algorithmVersion, algorithm.version),
    ];
    if (options.segmentation) {
      children.push(
        item('CONTAINS', 'IMAGE', codes.referencedSegment, {
          ReferencedSOPSequence: [
            {
              ReferencedSOPClassUID: SEGMENTATION_STORAGE,
              ReferencedSOPInstanceUID: options.segmentation.sopInstanceUid,
              ReferencedSegmentNumber: finding.segmentNumber,
            },
          ],
        }),
        uidRef('CONTAINS', codes.sourceSeriesForSegmentation, source.seriesInstanceUid),
      );
    }
    children.push(num(codes.volume, finding.volume.value, finding.volume.unit));
    if (finding.maximumDiameterMm !== undefined) {
      children.push(
        num(codes.diameter, finding.maximumDiameterMm, codes.mm, [
          coded('HAS CONCEPT MOD', codes.derivation, codes.maximum),
        ]),
      );
    }
    if (finding.centerMm !== undefined) {
      children.push(
        item('CONTAINS', 'SCOORD3D', codes.center, {
          GraphicType: 'POINT',
          GraphicData: finding.centerMm.map((v) => Math.round(v * 1000) / 1000),
          ReferencedFrameOfReferenceUID: source.frameOfReferenceUid,
        }),
      );
    }
    if (finding.confidence !== undefined)
      children.push(num(codes.confidence, finding.confidence, codes.ratio));
    return container('CONTAINS', codes.measurementGroup, children);
  });

  const evidence = [
    { SeriesInstanceUID: source.seriesInstanceUid, ReferencedSOPSequence: sourceImages },
    ...(options.segmentation
      ? [
          {
            SeriesInstanceUID: options.segmentation.seriesInstanceUid,
            ReferencedSOPSequence: [
              {
                ReferencedSOPClassUID: SEGMENTATION_STORAGE,
                ReferencedSOPInstanceUID: options.segmentation.sopInstanceUid,
              },
            ],
          },
        ]
      : []),
  ];

  const dataset: NaturalDataset = {
    ...header,
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: [
      { StudyInstanceUID: source.studyInstanceUid, ReferencedSeriesSequence: evidence },
    ],
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: concept(codes.imagingMeasurementReport),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      coded('HAS CONCEPT MOD', codes.languageOfContent, codes.english),
      coded('HAS OBS CONTEXT', codes.observerType, codes.device),
      uidRef('HAS OBS CONTEXT', codes.deviceObserverUid, algorithm.deviceUid),
      text('HAS OBS CONTEXT', codes.deviceObserverName, algorithm.name),
      text('HAS OBS CONTEXT', codes.deviceObserverManufacturer, algorithm.manufacturer),
      text('HAS OBS CONTEXT', codes.deviceObserverModelName, algorithm.modelName),
      coded('HAS CONCEPT MOD', codes.procedureReported, options.procedure),
      container('CONTAINS', codes.imageLibrary, [
        container(
          'CONTAINS',
          codes.imageLibraryGroup,
          sourceImages.map((reference) => ({
            RelationshipType: 'CONTAINS',
            ValueType: 'IMAGE',
            ReferencedSOPSequence: [reference],
          })),
        ),
      ]),
      container('CONTAINS', codes.imagingMeasurements, groups),
    ],
  };
  return {
    bytes: encodePart10(dataset),
    sopInstanceUid: header.SOPInstanceUID as string,
    seriesInstanceUid: header.SeriesInstanceUID as string,
  };
}
