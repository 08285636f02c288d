import type { NaturalDataset } from './part10.js';

/** A coded concept (PS3.3 8.8 Code Sequence Macro). */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

export const codeItem = (code: Code): NaturalDataset => ({
  CodeValue: code.value,
  CodingSchemeDesignator: code.scheme,
  CodeMeaning: code.meaning,
});

/**
 * The concepts the reference services write, from PS3.16 (DCM), SNOMED CT (SCT) and UCUM.
 * "99MITATE" is a private coding scheme (PS3.16 8.2: designators beginning "99" are private)
 * for the one concept no public scheme has: the candidate's confidence.
 *
 * Checked against public SNOMED CT value sets and DICOM code tables: SCT 128609009 is
 * "Intracranial aneurysm (disorder)", SCT 88556005 "Cerebral artery" (Body Part Examined
 * CEREBRALA, PS3.16 Annex L), DCM 111010 "Center" (as other TID 1500 writers use it). DCM 109102
 * "Processing Equipment" is the CID 7005 Contributing Equipment purpose; no public copy of that
 * table turned up to compare with, so it stays as PS3.16 lists it.
 */
export const codes = {
  imagingMeasurementReport: {
    value: '126000',
    scheme: 'DCM',
    meaning: 'Imaging Measurement Report',
  },
  languageOfContent: {
    value: '121049',
    scheme: 'DCM',
    meaning: 'Language of Content Item and Descendants',
  },
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  observerType: { value: '121005', scheme: 'DCM', meaning: 'Observer Type' },
  device: { value: '121007', scheme: 'DCM', meaning: 'Device' },
  deviceObserverUid: { value: '121012', scheme: 'DCM', meaning: 'Device Observer UID' },
  deviceObserverName: { value: '121013', scheme: 'DCM', meaning: 'Device Observer Name' },
  deviceObserverManufacturer: {
    value: '121014',
    scheme: 'DCM',
    meaning: 'Device Observer Manufacturer',
  },
  deviceObserverModelName: {
    value: '121015',
    scheme: 'DCM',
    meaning: 'Device Observer Model Name',
  },
  procedureReported: { value: '121058', scheme: 'DCM', meaning: 'Procedure reported' },
  mrImaging: { value: '113091000', scheme: 'SCT', meaning: 'Magnetic resonance imaging' },
  // No MR angiography code here: SCT 241620005, used before, is "Magnetic resonance imaging of heart"
  // (cardiac MRI) in SNOMED CT, not MRA; no SCT code for MRA could be confirmed (searched public
  // SNOMED value sets and DICOM code tables), so the reports name the general MR procedure.
  ctImaging: { value: '77477000', scheme: 'SCT', meaning: 'Computerized axial tomography' },
  imageLibrary: { value: '111028', scheme: 'DCM', meaning: 'Image Library' },
  imageLibraryGroup: { value: '126200', scheme: 'DCM', meaning: 'Image Library Group' },
  imagingMeasurements: { value: '126010', scheme: 'DCM', meaning: 'Imaging Measurements' },
  measurementGroup: { value: '125007', scheme: 'DCM', meaning: 'Measurement Group' },
  trackingIdentifier: { value: '112039', scheme: 'DCM', meaning: 'Tracking Identifier' },
  trackingUid: { value: '112040', scheme: 'DCM', meaning: 'Tracking Unique Identifier' },
  finding: { value: '121071', scheme: 'DCM', meaning: 'Finding' },
  findingSite: { value: '363698007', scheme: 'SCT', meaning: 'Finding Site' },
  referencedSegment: { value: '121191', scheme: 'DCM', meaning: 'Referenced Segment' },
  sourceSeriesForSegmentation: {
    value: '121232',
    scheme: 'DCM',
    meaning: 'Source series for segmentation',
  },
  algorithmName: { value: '111001', scheme: 'DCM', meaning: 'Algorithm Name' },
  algorithmVersion: { value: '111003', scheme: 'DCM', meaning: 'Algorithm Version' },
  volume: { value: '118565006', scheme: 'SCT', meaning: 'Volume' },
  diameter: { value: '81827009', scheme: 'SCT', meaning: 'Diameter' },
  derivation: { value: '121401', scheme: 'DCM', meaning: 'Derivation' },
  maximum: { value: '56851009', scheme: 'SCT', meaning: 'Maximum' },
  center: { value: '111010', scheme: 'DCM', meaning: 'Center' },
  confidence: { value: 'CANDCONF', scheme: '99MITATE', meaning: 'Candidate confidence' },
  // Segmented properties (PS3.16 CID 7150/7151/7140 style pairs).
  anatomicalStructure: { value: '91723000', scheme: 'SCT', meaning: 'Anatomical Structure' },
  morphologicallyAlteredStructure: {
    value: '49755003',
    scheme: 'SCT',
    meaning: 'Morphologically Altered Structure',
  },
  brain: { value: '12738006', scheme: 'SCT', meaning: 'Brain' },
  intracranialAneurysm: { value: '128609009', scheme: 'SCT', meaning: 'Intracranial aneurysm' },
  cerebralArtery: { value: '88556005', scheme: 'SCT', meaning: 'Cerebral artery' },
  // Derivation and purpose of reference (PS3.16 CID 7203, CID 7202, CID 7005).
  segmentation: { value: '113076', scheme: 'DCM', meaning: 'Segmentation' },
  sourceImageForProcessing: {
    value: '121322',
    scheme: 'DCM',
    meaning: 'Source image for image processing operation',
  },
  processingEquipment: { value: '109102', scheme: 'DCM', meaning: 'Processing Equipment' },
  // Units (UCUM).
  mm: { value: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
  mm3: { value: 'mm3', scheme: 'UCUM', meaning: 'cubic millimeter' },
  ml: { value: 'ml', scheme: 'UCUM', meaning: 'milliliter' },
  ratio: { value: '1', scheme: 'UCUM', meaning: 'no units' },
} satisfies Record<string, Code>;
