/**
 * Coded descriptions (the Code Sequence Macro, PS3.3 8.8): a procedure, protocol, contrast agent,
 * reason for the study or anatomic region can be given as a code whose meaning is the site's own
 * free text ("CT head for Dr. Okonogi's patient"). Most of these sequences are not in Table E.1-1,
 * and under Clean Descriptors and Clean Structured Content the listed ones are kept and cleaned;
 * but cleaning only takes out values found elsewhere in the header, and a local code's meaning
 * can name anyone. So in an item of a local coding scheme (any designator not in PS3.16 Table
 * 8-1: "99" private schemes, "L", "LOCAL", a hospital's own) the Code Meaning is replaced by a
 * dummy, whatever the options, and its code value is cleaned of the instance's identifying
 * values. Standard codes keep their meaning: it is the published one, and receivers (the AI
 * service's routing, a reader) need it.
 */
import { encodeText, textOf, type DataElement, type OutElement } from '../dicom/index.js';
import { cleanText, dummyValue, type DeidContext } from './deidValues.js';
import type { DeidAction, DeidReason } from './deidReport.js';

const CODING_SCHEME_DESIGNATOR = 0x00080102;
const CODE_MEANING = 0x00080104;
/** Code Value, Long Code Value, URN Code Value. */
const CODE_VALUES = new Set([0x00080100, 0x00080119, 0x00080120]);

/** Coding Scheme Designators of PS3.16 Table 8-1 (and the retired SNOMED designators still met). */
const STANDARD_SCHEMES = new Set([
  'DCM',
  'SCT',
  'SRT',
  'SNM3',
  '99SDM',
  'LN',
  'RADLEX',
  'UCUM',
  'FMA',
  'UMLS',
  'NCIt',
  'MDC',
  'ICD10',
  'I10',
  'I10P',
  'I9C',
  'I11',
  'ICDO3',
  'ACR',
  'ASTM-sigpurpose',
  'BARI',
  'C4',
  'C5',
  'CD2',
  'HPC',
  'ISO3166_1',
  'ISO639_1',
  'ISO639_2',
  'ITIS_TSN',
  'MSH',
  'NCBI',
  'NEU',
  'NICIP',
  'PUBCHEM_CID',
  'RFC5646',
  'UBERON',
  'DC',
  'IBSI',
  'CHEBI',
  'HGNC',
  'ATC',
  'RXNORM',
  'NDC',
  'UPC',
  'MA',
  'MGI',
  'SCPECG',
]);

const REASON: DeidReason = {
  source: 'Mitate',
  rule: 'local coding scheme: meaning replaced, value cleaned',
};

/**
 * Whether the elements of an item are a code of a local scheme. The designator is compared as
 * written: "dcm" or "SCT " with other bytes is not the standard's.
 */
export function isLocalCode(elements: readonly DataElement[]): boolean {
  const designator = elements.find((element) => element.tag === CODING_SCHEME_DESIGNATOR);
  if (designator === undefined)
    return elements.some((element) => CODE_VALUES.has(element.tag) || element.tag === CODE_MEANING);
  return !STANDARD_SCHEMES.has(textOf(designator).trim());
}

/**
 * The output for a Code Meaning or code value of a local code, or undefined for any other element
 * (the profile decides those). Records what was done.
 */
export function localCodeElement(
  element: DataElement,
  vr: string,
  context: DeidContext,
  record: (element: DataElement, action: DeidAction, reason: DeidReason) => void,
): OutElement | undefined {
  if (element.tag === CODE_MEANING) {
    record(element, 'dummy', REASON);
    return { kind: 'value', tag: element.tag, vr: element.vr, value: dummyValue('LO') };
  }
  if (!CODE_VALUES.has(element.tag) || vr === 'UR') return undefined;
  const original = textOf(element);
  const cleaned = cleanText(original, context.identifyingTexts, context.characterSet);
  if (cleaned === original.trim()) return undefined;
  record(element, 'cleaned', REASON);
  return {
    kind: 'value',
    tag: element.tag,
    vr: element.vr,
    value: encodeText(cleaned || 'REMOVED', vr === 'UN' ? 'SH' : vr),
  };
}
