import type { Locale } from '../../preload/contract/index.js';

/**
 * Japanese for the English terms AI results carry: code meanings of findings, finding sites and
 * measurements (SNOMED CT, DICOM PS3.16), and the free-text segment labels of SEGs. The object's
 * own words are kept beside the translation on screen (`termOf`), since they are what the
 * algorithm reported. Keys are lower case; a label "<term> <number>" keeps its number.
 */
const JA: Readonly<Record<string, string>> = {
  // Findings (morphologically altered structures)
  aneurysm: '動脈瘤',
  'intracranial aneurysm': '頭蓋内動脈瘤',
  'cerebral aneurysm': '脳動脈瘤',
  'saccular aneurysm': '嚢状動脈瘤',
  'aneurysm candidate': '動脈瘤候補',
  lesion: '病変',
  nodule: '結節',
  'lung nodule': '肺結節',
  'pulmonary nodule': '肺結節',
  mass: '腫瘤',
  tumor: '腫瘍',
  tumour: '腫瘍',
  neoplasm: '腫瘍',
  hemorrhage: '出血',
  haemorrhage: '出血',
  infarct: '梗塞',
  'cerebral infarction': '脳梗塞',
  stenosis: '狭窄',
  calcification: '石灰化',
  fracture: '骨折',
  cyst: '嚢胞',
  edema: '浮腫',
  necrosis: '壊死',
  // Anatomy (finding sites, segmented structures)
  brain: '脳',
  'cerebral artery': '脳動脈',
  'circle of willis': 'ウィリス動脈輪',
  'internal carotid artery': '内頸動脈',
  'middle cerebral artery': '中大脳動脈',
  'anterior cerebral artery': '前大脳動脈',
  'posterior cerebral artery': '後大脳動脈',
  'anterior communicating artery': '前交通動脈',
  'posterior communicating artery': '後交通動脈',
  'basilar artery': '脳底動脈',
  'vertebral artery': '椎骨動脈',
  'spinal cord': '脊髄',
  'cervico-thoracic spine': '頸胸椎',
  spine: '脊椎',
  vertebra: '椎体',
  liver: '肝臓',
  lung: '肺',
  'left lung': '左肺',
  'right lung': '右肺',
  heart: '心臓',
  kidney: '腎臓',
  'left kidney': '左腎',
  'right kidney': '右腎',
  spleen: '脾臓',
  pancreas: '膵臓',
  prostate: '前立腺',
  bladder: '膀胱',
  'urinary bladder': '膀胱',
  aorta: '大動脈',
  bone: '骨',
  muscle: '筋',
  fat: '脂肪',
  'adipose tissue': '脂肪組織',
  'soft tissue': '軟部組織',
  skin: '皮膚',
  'entire body': '全身',
  // Measurements and their derivations
  diameter: '径',
  'long axis': '長径',
  'short axis': '短径',
  length: '長さ',
  area: '面積',
  'area of defined region': '領域の面積',
  'volume of defined region': '領域の体積',
  perimeter: '周囲長',
  volume: '体積',
  mean: '平均',
  maximum: '最大',
  minimum: '最小',
  'standard deviation': '標準偏差',
  center: '中心',
  'candidate confidence': '候補の確信度',
  'sum of segmented voxel volumes': 'セグメントのボクセル体積の和',
};

/** The term in the reader's language, or the object's own words where none is known. */
export function translateTerm(text: string, locale: Locale): string {
  if (locale !== 'ja') return text;
  const trimmed = text.trim();
  const whole = JA[trimmed.toLowerCase()];
  if (whole !== undefined) return whole;
  const numbered = /^(.*?)\s*(#?\d+)$/.exec(trimmed);
  const stem = numbered === null ? undefined : JA[numbered[1]!.toLowerCase()];
  return stem === undefined ? text : `${stem} ${numbered![2]}`;
}

/** The translation and, when it differs, the original words to show beside it. */
export function termOf(text: string, locale: Locale): { shown: string; original?: string } {
  const shown = translateTerm(text, locale);
  return shown === text ? { shown } : { shown, original: text };
}
