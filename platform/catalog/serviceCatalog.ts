import { z } from 'zod';
import { aneurysmValidationStatement } from '../services/index.js';

/**
 * The reference platform's service catalog: what each AI service accepts, what it returns,
 * how the client must de-identify before sending (PS3.15 Annex E profile and options, by their
 * CID 7050 codes), and how long it usually takes. The app reads this signed (see
 * signedCatalog.ts) to decide which services fit a series and which profile to apply.
 */
const localized = z.object({ ja: z.string().min(1), en: z.string().min(1) });
const code = z.object({ value: z.string(), scheme: z.string(), meaning: z.string() });

export const catalogServiceSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string(),
  name: localized,
  description: localized,
  category: z.enum(['neuro', 'chest', 'abdomen', 'musculoskeletal', 'general']),
  vendor: z.object({ name: z.string(), url: z.string().optional() }),
  regulatoryStatus: z.object({
    code: z.enum(['reference-not-for-clinical-use', 'research-use-only', 'cleared']),
    text: localized,
  }),
  input: z.object({
    modalities: z.array(z.string()).min(1),
    bodyParts: z.array(z.string()),
    sopClassUids: z.array(z.string()).min(1),
    minSlices: z.number().int().positive(),
    /** Words looked for in Series Description / Sequence Name / Image Type (case-insensitive). */
    seriesHints: z.array(z.string()),
  }),
  outputs: z
    .array(
      z.object({
        type: z.enum(['SEG', 'SR', 'PMAP']),
        sopClassUid: z.string(),
        template: z.string().optional(),
      }),
    )
    .min(1),
  deidentification: z.object({
    /** CID 7050 code of the PS3.15 E.1 Basic Application Level Confidentiality Profile. */
    profile: code,
    /** CID 7050 codes of the Annex E options the service needs the client to apply. */
    options: z.array(code),
  }),
  /** The code the client puts in the UPS Scheduled Workitem Code Sequence (0040,4018). */
  workitemCode: code,
  turnaround: z.object({
    typicalSeconds: z.number().positive(),
    maxSeconds: z.number().positive(),
  }),
});
export type CatalogService = z.infer<typeof catalogServiceSchema>;

const REFERENCE_STATUS = {
  code: 'reference-not-for-clinical-use' as const,
  text: {
    ja: '参照アルゴリズム。臨床使用不可。',
    en: 'Reference algorithm, not for clinical use.',
  },
};
const VENDOR = { name: 'Mitate reference platform' };
const BASIC_PROFILE = {
  value: '113100',
  scheme: 'DCM',
  meaning: 'Basic Application Confidentiality Profile',
};
const option = {
  cleanPixelData: { value: '113101', scheme: 'DCM', meaning: 'Clean Pixel Data Option' },
  cleanRecognizableVisualFeatures: {
    value: '113102',
    scheme: 'DCM',
    meaning: 'Clean Recognizable Visual Features Option',
  },
  cleanDescriptors: { value: '113105', scheme: 'DCM', meaning: 'Clean Descriptors Option' },
  retainModifiedDates: {
    value: '113107',
    scheme: 'DCM',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  retainPatientCharacteristics: {
    value: '113108',
    scheme: 'DCM',
    meaning: 'Retain Patient Characteristics Option',
  },
};
const SEG = { type: 'SEG' as const, sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4' };
const SR_TID1500 = {
  type: 'SR' as const,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34',
  template: 'TID 1500',
};
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const ENHANCED_MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4.1';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
/** Private coding scheme of the reference platform's work item codes (PS3.16 §8.2 allows local schemes). */
const SCHEME = '99MITATE';

export const referenceServices: CatalogService[] = [
  {
    id: 'aneurysm-mra',
    version: '1.0.0',
    name: { ja: '脳動脈瘤候補検出(TOF-MRA)', en: 'Brain aneurysm candidate detection (TOF MRA)' },
    description: {
      ja: `TOF-MRAで明るい血管を抽出し、嚢状の突出を脳動脈瘤候補として示します。候補ごとにセグメンテーション(DICOM SEG)と所見(SR TID 1500:中心座標、最大径、体積、確信度)を返します。${aneurysmValidationStatement.ja}`,
      en: `Segments the bright vessels of a TOF MR angiogram and marks saccular out-pouchings as aneurysm candidates. Returns one DICOM SEG segment and one TID 1500 SR finding per candidate (centre, maximum diameter, volume, confidence). ${aneurysmValidationStatement.en}`,
    },
    category: 'neuro',
    vendor: VENDOR,
    regulatoryStatus: {
      code: 'reference-not-for-clinical-use',
      text: {
        ja: '参照アルゴリズム。医療機器ではなく、臨床使用不可。合成ファントムのみで検証。',
        en: 'Reference algorithm, not a medical device, not for clinical use. Validated on synthetic phantoms only.',
      },
    },
    input: {
      modalities: ['MR'],
      bodyParts: ['HEAD', 'BRAIN'],
      sopClassUids: [MR_IMAGE, ENHANCED_MR_IMAGE],
      minSlices: 100,
      seriesHints: ['TOF', 'MRA', 'ANGIO', 'FL3D'],
    },
    outputs: [SEG, SR_TID1500],
    deidentification: {
      profile: BASIC_PROFILE,
      // Defacing is safe for intracranial vessels; dates shifted keep follow-up order.
      options: [
        option.cleanDescriptors,
        option.cleanRecognizableVisualFeatures,
        option.retainModifiedDates,
        option.retainPatientCharacteristics,
      ],
    },
    workitemCode: {
      value: 'aneurysm-mra',
      scheme: SCHEME,
      meaning: 'Brain aneurysm candidate detection',
    },
    turnaround: { typicalSeconds: 15, maxSeconds: 300 },
  },
  {
    id: 'intracranial-seg',
    version: '1.0.0',
    name: { ja: '頭蓋内領域セグメンテーション', en: 'Intracranial segmentation' },
    description: {
      ja: '頭部MRまたはCTから頭蓋内領域(脳)を抽出し、マスク(DICOM SEG)と体積(SR TID 1500)を返します。',
      en: 'Extracts the intracranial region (brain) of a head MR or CT and returns the mask as DICOM SEG and its volume in a TID 1500 SR.',
    },
    category: 'neuro',
    vendor: VENDOR,
    regulatoryStatus: REFERENCE_STATUS,
    input: {
      modalities: ['MR', 'CT'],
      bodyParts: ['HEAD', 'BRAIN'],
      sopClassUids: [MR_IMAGE, ENHANCED_MR_IMAGE, CT_IMAGE],
      minSlices: 20,
      seriesHints: ['T1', 'T2', 'FLAIR', 'HEAD', 'BRAIN'],
    },
    outputs: [SEG, SR_TID1500],
    deidentification: {
      profile: BASIC_PROFILE,
      options: [
        option.cleanDescriptors,
        option.cleanRecognizableVisualFeatures,
        option.retainPatientCharacteristics,
      ],
    },
    workitemCode: {
      value: 'intracranial-seg',
      scheme: SCHEME,
      meaning: 'Intracranial segmentation',
    },
    turnaround: { typicalSeconds: 10, maxSeconds: 300 },
  },
];

export function serviceForWorkitemCode(value: string, scheme: string): CatalogService | undefined {
  return referenceServices.find(
    (service) => service.workitemCode.value === value && service.workitemCode.scheme === scheme,
  );
}
