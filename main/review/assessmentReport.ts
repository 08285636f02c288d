/**
 * The doctor's assessment of an AI result as its own DICOM SR (IHE AIRA, "AI Result Assessment"):
 * one Comprehensive SR per save that references the AI report it judges and, per finding
 * (by its TID 1500 Tracking Identifier and Tracking UID, DCM 112039/112040), says accepted or
 * rejected with an optional comment. The AI objects are never modified (IHE AIRA: assessments
 * are new instances).
 *
 * Codes: standard ones wherever one was found. The observer (TID 1002/1003), the tracking
 * identifier and UID, "Finding" (DCM 121071, the concept TID 1500 reports findings under) and
 * "Comment" (DCM 121106) are PS3.16 DCM codes; "Accepted" is SNOMED CT 385645004 (qualifier
 * value). The IHE AIRA supplement itself could not be consulted (searched: "IHE AIRA assessment
 * SR", AIRA accepted/rejected codes, PS3.16 CID 7xxx AI result assessment, highdicom/dcmqi/OHIF
 * assessment code, SNOMED "Rejected (qualifier value)"): no published code was found for the
 * document title, the reference to the assessed result, the decision concept, "Rejected" or
 * "Not assessed". Those stay in the private scheme "99MITATE" (PS3.16 8.2: designators starting
 * "99" are private), each marked below, until AIRA's codes can be checked.
 */
import type { ReviewDecision } from '../../preload/contract/index.js';
import { IMPLEMENTATION_CLASS_UID, newUid } from '../dicom/index.js';
import { items, text, writeDataset, type DicomItem } from '../results/index.js';

export interface FindingAssessment {
  trackingId: string;
  trackingUid?: string;
  decision: ReviewDecision;
  comment: string;
}

interface Code {
  value: string;
  scheme: string;
  meaning: string;
}
const codes = {
  // Private (no published code found, see above).
  assessment: { value: 'AIASSESS', scheme: '99MITATE', meaning: 'AI result assessment' },
  assessedResult: { value: 'AIRESULT', scheme: '99MITATE', meaning: 'Assessed AI result' },
  decision: { value: 'DECISION', scheme: '99MITATE', meaning: 'Assessment decision' },
  rejected: { value: 'REJECTED', scheme: '99MITATE', meaning: 'Rejected' },
  notAssessed: { value: 'NOTASSESSED', scheme: '99MITATE', meaning: 'Not assessed' },
  // Standard.
  finding: { value: '121071', scheme: 'DCM', meaning: 'Finding' },
  accepted: { value: '385645004', scheme: 'SCT', meaning: 'Accepted' },
  observerType: { value: '121005', scheme: 'DCM', meaning: 'Observer Type' },
  person: { value: '121006', scheme: 'DCM', meaning: 'Person' },
  personName: { value: '121008', scheme: 'DCM', meaning: 'Person Observer Name' },
  trackingId: { value: '112039', scheme: 'DCM', meaning: 'Tracking Identifier' },
  trackingUid: { value: '112040', scheme: 'DCM', meaning: 'Tracking Unique Identifier' },
  comment: { value: '121106', scheme: 'DCM', meaning: 'Comment' },
} satisfies Record<string, Code>;

const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
const codeItem = (code: Code): DicomItem => ({
  CodeValue: code.value,
  CodingSchemeDesignator: code.scheme,
  CodeMeaning: code.meaning,
});
const item = (
  relationship: string,
  valueType: string,
  concept: Code,
  rest: DicomItem,
): DicomItem => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [codeItem(concept)],
  ...rest,
});

function dateTime(now: Date): { date: string; time: string } {
  const iso = now.toISOString();
  return {
    date: iso.slice(0, 10).replaceAll('-', ''),
    time: iso.slice(11, 19).replaceAll(':', ''),
  };
}

const DECISION_CODE: Record<ReviewDecision, Code> = {
  accepted: codes.accepted,
  rejected: codes.rejected,
  none: codes.notAssessed,
};

/**
 * Builds the assessment SR for `aiReport` (the AI SR's data set, read with dcmjs). Patient and
 * study attributes are copied from it, so the assessment files under the same study.
 */
export function writeAssessmentReport(
  aiReport: DicomItem,
  findings: readonly FindingAssessment[],
  options: { observer?: string; now?: Date; manufacturerVersion: string },
): { bytes: Uint8Array; sopInstanceUid: string; seriesInstanceUid: string } {
  const now = options.now ?? new Date();
  const { date, time } = dateTime(now);
  const sopInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  const reference = {
    ReferencedSOPClassUID: text(aiReport.SOPClassUID),
    ReferencedSOPInstanceUID: text(aiReport.SOPInstanceUID),
  };
  const evidence = [
    {
      StudyInstanceUID: text(aiReport.StudyInstanceUID),
      ReferencedSeriesSequence: [
        { SeriesInstanceUID: text(aiReport.SeriesInstanceUID), ReferencedSOPSequence: [reference] },
      ],
    },
  ];
  const observer = options.observer?.trim();
  const content: DicomItem[] = [
    item('HAS OBS CONTEXT', 'CODE', codes.observerType, {
      ConceptCodeSequence: [codeItem(codes.person)],
    }),
    // TID 1003: Person Observer Name is Type M when the observer is a person; "unknown" per PS3.16 when not given.
    item('HAS OBS CONTEXT', 'PNAME', codes.personName, {
      PersonName: [
        { Alphabetic: observer !== undefined && observer !== '' ? observer : 'UNKNOWN' },
      ],
    }),
    item('CONTAINS', 'COMPOSITE', codes.assessedResult, { ReferencedSOPSequence: [reference] }),
    ...findings.map((finding) =>
      item('CONTAINS', 'CONTAINER', codes.finding, {
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [
          item('HAS OBS CONTEXT', 'TEXT', codes.trackingId, {
            TextValue: finding.trackingId.slice(0, 64) || '-',
          }),
          ...(finding.trackingUid
            ? [item('HAS OBS CONTEXT', 'UIDREF', codes.trackingUid, { UID: finding.trackingUid })]
            : []),
          item('CONTAINS', 'CODE', codes.decision, {
            ConceptCodeSequence: [codeItem(DECISION_CODE[finding.decision])],
          }),
          ...(finding.comment.trim() !== ''
            ? [item('CONTAINS', 'TEXT', codes.comment, { TextValue: finding.comment.trim() })]
            : []),
        ],
      }),
    ),
  ];
  const copy = (keyword: string): DicomItem =>
    aiReport[keyword] === undefined ? {} : { [keyword]: aiReport[keyword] };
  const dataset: DicomItem = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: sopInstanceUid,
    // Patient and General Study modules, from the report assessed (PS3.3 C.7.1.1, C.7.2.1).
    PatientName: aiReport.PatientName ?? '',
    PatientID: text(aiReport.PatientID),
    PatientBirthDate: text(aiReport.PatientBirthDate),
    PatientSex: text(aiReport.PatientSex),
    StudyInstanceUID: text(aiReport.StudyInstanceUID),
    StudyDate: text(aiReport.StudyDate),
    StudyTime: text(aiReport.StudyTime),
    ReferringPhysicianName: aiReport.ReferringPhysicianName ?? '',
    StudyID: text(aiReport.StudyID),
    AccessionNumber: text(aiReport.AccessionNumber),
    ...copy('IssuerOfPatientID'),
    // SR Document Series (C.17.1): a new series of its own, never the AI's.
    Modality: 'SR',
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: 9900,
    SeriesDescription: 'AI result assessment',
    ReferencedPerformedProcedureStepSequence: [],
    // General Equipment (C.7.5.1): this viewer made it.
    Manufacturer: 'Mitate',
    ManufacturerModelName: 'Mitate review',
    SoftwareVersions: options.manufacturerVersion,
    // SR Document General (C.17.2).
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    // The AI report is evidence of this document (C.17.2.3, Type 1C when instances are referenced).
    CurrentRequestedProcedureEvidenceSequence: evidence,
    // SR Document Content (C.17.3), root container.
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(codes.assessment)],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: content,
  };
  return {
    bytes: writeDataset(dataset, IMPLEMENTATION_CLASS_UID),
    sopInstanceUid,
    seriesInstanceUid,
  };
}

const isCode = (item: DicomItem | undefined, code: Code): boolean =>
  text(item?.CodeValue) === code.value && text(item?.CodingSchemeDesignator) === code.scheme;

/** The private codes assessments saved before the standard ones were used; still read. */
const EARLIER = {
  findingAssessment: { value: 'FINDASSESS', scheme: '99MITATE', meaning: 'Finding assessment' },
  accepted: { value: 'ACCEPTED', scheme: '99MITATE', meaning: 'Accepted' },
} satisfies Record<string, Code>;

function decisionOf(value: DicomItem | undefined): ReviewDecision {
  if (isCode(value, codes.accepted) || isCode(value, EARLIER.accepted)) return 'accepted';
  return isCode(value, codes.rejected) ? 'rejected' : 'none';
}

/** Reads back what an assessment SR says (for the review screen's saved state and the tests). */
export function readAssessment(
  dataset: DicomItem,
): { assessed: string; findings: FindingAssessment[] } | undefined {
  const root = items(dataset.ConceptNameCodeSequence)[0];
  if (!isCode(root, codes.assessment)) return undefined;
  let assessed = '';
  const findings: FindingAssessment[] = [];
  for (const child of items(dataset.ContentSequence)) {
    const concept = items(child.ConceptNameCodeSequence)[0];
    if (isCode(concept, codes.assessedResult))
      assessed = text(items(child.ReferencedSOPSequence)[0]?.ReferencedSOPInstanceUID);
    if (!isCode(concept, codes.finding) && !isCode(concept, EARLIER.findingAssessment)) continue;
    const finding: FindingAssessment = { trackingId: '', decision: 'none', comment: '' };
    for (const part of items(child.ContentSequence)) {
      const name = text(items(part.ConceptNameCodeSequence)[0]?.CodeValue);
      if (name === codes.trackingId.value) finding.trackingId = text(part.TextValue);
      else if (name === codes.trackingUid.value) finding.trackingUid = text(part.UID);
      else if (name === codes.comment.value) finding.comment = text(part.TextValue);
      else if (name === codes.decision.value)
        finding.decision = decisionOf(items(part.ConceptCodeSequence)[0]);
    }
    findings.push(finding);
  }
  return { assessed, findings };
}
