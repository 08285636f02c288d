// Builds a DICOM file holding every attribute of PS3.15 Table E.1-1 with a distinctive value, at
// the top level and again two levels deep (View Code Sequence > View Modifier Code Sequence, both
// outside the table, so they are kept and recursed into), plus private elements: one a safe
// private attribute (E.3.10-1) and one that is not.
import { PROFILE_ROWS } from '../../../../main/deid/tables/profileTable.js';
import {
  vrOfTag,
  encodeDicomFile,
  encodeText,
  type OutElement,
} from '../../../../main/dicom/index.js';
import type { ProfileRow } from '../../../../main/deid/profileTypes.js';

export const PATIENT_NAME = 'DOE^JOHNATHAN';
export const ORIGINAL_DATE = '19870605';
export const VIEW_CODE_SEQUENCE = 0x00540220;
export const VIEW_MODIFIER_CODE_SEQUENCE = 0x00540222;
export const SAFE_PRIVATE = { creator: 'GEMS_PARM_01', group: 0x0043, element: 0x39 };
export const UNSAFE_PRIVATE = { creator: 'ACME SECRET 1.0', group: 0x0009, element: 0x01 };

/** The tag a row is tested with: repeating groups at their first group, the private row skipped. */
export function testTagOf(row: ProfileRow): number | undefined {
  if (row.tag === 'private') return undefined;
  if (row.tag === '50xxxxxx') return 0x50003000; // Curve Data
  return parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
}

export function vrOfRow(row: ProfileRow, tag: number): string {
  const vr = row.vr ?? vrOfTag(tag) ?? 'LO';
  if (vr === 'OB or OW') return 'OW';
  return vr.length === 2 ? vr : 'LO';
}

/** The distinctive value of a tag: unique per tag, and (for text) carrying the patient's name. */
export function originalValue(tag: number, vr: string): Buffer {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  switch (vr) {
    case 'DA':
      return Buffer.from(ORIGINAL_DATE);
    case 'DT':
      return Buffer.from(`${ORIGINAL_DATE}101010`);
    case 'TM':
      return Buffer.from('101010');
    case 'UI':
      return Buffer.from(`1.2.999.${parseInt(hex, 16)}`);
    case 'DS':
    case 'IS':
      return Buffer.from(`${(parseInt(hex.slice(4), 16) % 9000) + 17}`);
    case 'AS':
      return Buffer.from('047Y');
    case 'CS':
      return Buffer.from(`CS${hex}`);
    case 'AE':
      return Buffer.from(`AE${hex}`);
    case 'US':
    case 'SS':
      return Buffer.from([0x2a, 0x00]);
    case 'UL':
    case 'SL':
    case 'FL':
    case 'AT':
      return Buffer.from([0x2a, 0, 0, 0]);
    case 'FD':
      return Buffer.from([0x2a, 0, 0, 0, 0, 0, 0, 0]);
    case 'OB':
    case 'OW':
    case 'UN':
      return Buffer.from(`BIN${hex} ${PATIENT_NAME}`);
    case 'PN':
      return tag === 0x00100010
        ? Buffer.from(PATIENT_NAME)
        : Buffer.from(`PN${hex}^${PATIENT_NAME}`);
    case 'SH':
      return Buffer.from(`S${hex}`);
    case 'UR':
      return Buffer.from(`http://example.org/${hex}`);
    default:
      return Buffer.from(`V${hex} ${PATIENT_NAME}`);
  }
}

function pad(value: Buffer, vr: string): Uint8Array {
  return value.length % 2 === 0
    ? value
    : Buffer.concat([value, Buffer.from([vr === 'UI' || vr === 'OB' || vr === 'UN' ? 0 : 0x20])]);
}

const SYNTAX = { explicitVr: true, littleEndian: true };

function codeItem(code: string): OutElement[] {
  return [
    { kind: 'value', tag: 0x00080100, vr: 'SH', value: encodeText(code, 'SH') },
    { kind: 'value', tag: 0x00080102, vr: 'SH', value: encodeText('99TEST', 'SH') },
    { kind: 'value', tag: 0x00080104, vr: 'LO', value: encodeText(`Meaning ${code}`, 'LO') },
  ];
}

function everyRow(depth: number): OutElement[] {
  const elements: OutElement[] = [];
  for (const row of PROFILE_ROWS) {
    const tag = testTagOf(row);
    if (tag === undefined || tag === 0x00020003) continue; // Media Storage SOP Instance UID belongs to the meta group
    const vr = vrOfRow(row, tag);
    if (vr === 'SQ') {
      elements.push({
        kind: 'sequence',
        tag,
        vr: 'SQ',
        undefinedLength: depth % 2 === 0,
        items: [
          { elements: codeItem(`C${tag.toString(16)}`), undefinedLength: false, syntax: SYNTAX },
        ],
      });
    } else {
      elements.push({ kind: 'value', tag, vr, value: pad(originalValue(tag, vr), vr) });
    }
  }
  const privateElements: OutElement[] = [
    {
      kind: 'value',
      tag: (UNSAFE_PRIVATE.group << 16) | 0x0010,
      vr: 'LO',
      value: encodeText(UNSAFE_PRIVATE.creator, 'LO'),
    },
    {
      kind: 'value',
      tag: ((UNSAFE_PRIVATE.group << 16) | 0x1000 | UNSAFE_PRIVATE.element) >>> 0,
      vr: 'LO',
      value: encodeText(`PRIVATE ${PATIENT_NAME}`, 'LO'),
    },
    {
      kind: 'value',
      tag: (SAFE_PRIVATE.group << 16) | 0x0010,
      vr: 'LO',
      value: encodeText(SAFE_PRIVATE.creator, 'LO'),
    },
    {
      kind: 'value',
      tag: ((SAFE_PRIVATE.group << 16) | 0x1000 | SAFE_PRIVATE.element) >>> 0,
      vr: 'SS',
      value: Buffer.from([7, 0]),
    },
  ];
  elements.push(...privateElements);
  return elements;
}

/** The whole data set: every row at the top level, and two levels deep. */
export function everyAttributeFile(): Uint8Array {
  const inner: OutElement[] = [...codeItem('INNER'), ...everyRow(2)].sort(byTag);
  const middle: OutElement[] = [
    ...codeItem('MIDDLE'),
    {
      kind: 'sequence',
      tag: VIEW_MODIFIER_CODE_SEQUENCE,
      vr: 'SQ',
      undefinedLength: true,
      items: [{ elements: inner, undefinedLength: true, syntax: SYNTAX }],
    },
  ];
  const view: OutElement = {
    kind: 'sequence',
    tag: VIEW_CODE_SEQUENCE,
    vr: 'SQ',
    undefinedLength: false,
    items: [{ elements: middle, undefinedLength: false, syntax: SYNTAX }],
  };
  const sopClass: OutElement = {
    kind: 'value',
    tag: 0x00080016,
    vr: 'UI',
    value: encodeText('1.2.840.10008.5.1.4.1.1.7', 'UI'),
  };
  const top: OutElement[] = [...everyRow(0), view, sopClass].sort(byTag);
  const meta: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    {
      kind: 'value',
      tag: 0x00020002,
      vr: 'UI',
      value: encodeText('1.2.840.10008.5.1.4.1.1.7', 'UI'),
    },
    { kind: 'value', tag: 0x00020003, vr: 'UI', value: pad(originalValue(0x00080018, 'UI'), 'UI') },
    { kind: 'value', tag: 0x00020010, vr: 'UI', value: encodeText('1.2.840.10008.1.2.1', 'UI') },
  ];
  return Buffer.concat(encodeDicomFile(meta, top, SYNTAX, false));
}

function byTag(a: OutElement, b: OutElement): number {
  const tagOf = (element: OutElement): number =>
    element.kind === 'copy' ? element.element.tag : element.tag;
  return tagOf(a) - tagOf(b);
}
