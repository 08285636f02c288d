/**
 * One instance through the engine: parse, apply the profile at every depth, edit pixels when
 * asked, add the de-identification attributes (PS3.15 E.1.1 and PS3.3 C.7.1.1/C.12.1), and
 * encode with a new File Meta Information. Pixel data that is not edited is copied as it is.
 */
import {
  encodeDicomFile,
  encodeText,
  findElement,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  tagOf,
  textOf,
  type DataElement,
  type DicomFile,
  type OutElement,
} from '../dicom/index.js';
import { characterSetOf, deidentifyElements } from './deidentifyDataSet.js';
import { stripEncapsulatedMetadata } from './encapsulatedMetadata.js';
import { imagePixelModule } from './imagePixelModule.js';
import type { DeidContext } from './deidValues.js';
import { collectIdentifyingTexts } from './identifyingTexts.js';
import { maskPixelData, type PixelEdit } from './maskPixelData.js';
import { PROFILE_EDITION, PROFILE_OPTIONS } from './tables/profileTable.js';
import type { ReportCollector } from './deidReport.js';
import type { PseudonymKeys } from './pseudonymKeys.js';

const OPTION_CODES: Record<string, { code: string; meaning: string }> = {
  ...Object.fromEntries(
    PROFILE_OPTIONS.map((option) => [
      option.key,
      { code: option.cid7050Code, meaning: option.name },
    ]),
  ),
  cleanPixelData: { code: '113101', meaning: 'Clean Pixel Data Option' },
  cleanRecognizableVisualFeatures: {
    code: '113102',
    meaning: 'Clean Recognizable Visual Features Option',
  },
};

/** Identity of an input instance, read before it is changed; originals never leave the engine but in the vault. */
export interface InstanceIdentity {
  patientKey: string;
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  modality: string;
  manufacturer: string;
  model: string;
  burnedInAnnotation: string;
}

function metaUid(file: DicomFile): string {
  const element = findElement(file.meta, 0x00020003);
  return element === undefined ? '' : textOf(element).trim();
}

export function instanceIdentity(file: DicomFile): InstanceIdentity {
  const text = (tag: number): string => {
    const element = findElement(file.body, tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  const patientId = text(0x00100020);
  const issuer = text(0x00100021);
  // PS3.3 C.7.1.1: a patient is Patient ID within its issuer; without an ID, name and birth date.
  const patientKey =
    patientId !== ''
      ? `id:${patientId}\\${issuer}`
      : `name:${text(0x00100010)}\\${text(0x00100030)}`;
  return {
    patientKey,
    patientId,
    studyInstanceUid: text(0x0020000d),
    seriesInstanceUid: text(0x0020000e),
    sopInstanceUid: text(0x00080018) || metaUid(file),
    modality: text(0x00080060),
    manufacturer: text(0x00080070),
    model: text(0x00081090),
    burnedInAnnotation: text(0x00280301).toUpperCase(),
  };
}

export interface InstanceRequest {
  file: DicomFile;
  options: ReadonlySet<string>;
  keys: PseudonymKeys;
  report: ReportCollector;
  uidMap: Map<string, string>;
  pixelEdit?: PixelEdit;
  /** Set when the edit removes burned-in text, so Burned In Annotation becomes NO. */
  cleansBurnedInText?: boolean;
  /**
   * Set when Clean Pixel Data was chosen but this instance's pixels were not verified clean (a
   * person was asked to look instead): the method then does not claim the option.
   */
  pixelsUnverified?: boolean;
  /** Set when the edit removes the face, so Recognizable Visual Features becomes NO. */
  removesFace?: boolean;
}

export interface InstanceResult {
  chunks: Uint8Array[];
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  patientPseudonym: string;
  dateOffsetDays: number;
  decompressed: boolean;
}

function codeItem(code: string, meaning: string): OutElement[] {
  return [
    { kind: 'value', tag: 0x00080100, vr: 'SH', value: encodeText(code, 'SH') },
    { kind: 'value', tag: 0x00080102, vr: 'SH', value: encodeText('DCM', 'SH') },
    { kind: 'value', tag: 0x00080104, vr: 'LO', value: encodeText(meaning, 'LO') },
  ];
}

function csValue(tag: number, value: string): OutElement {
  return { kind: 'value', tag, vr: 'CS', value: encodeText(value, 'CS') };
}

export async function deidentifyInstance(request: InstanceRequest): Promise<InstanceResult> {
  const { file, options, keys, report } = request;
  const identity = instanceIdentity(file);
  const patientPseudonym = keys.patientPseudonym(identity.patientKey);
  const dateOffsetDays = keys.dateOffsetDays(identity.patientKey);
  const identifying = [...collectIdentifyingTexts(file.body, options)].sort(
    (a, b) => b.length - a.length,
  );
  const context: DeidContext = {
    options,
    keys,
    patientPseudonym,
    dateOffsetDays,
    identifyingTexts: identifying,
    report,
    uidMap: request.uidMap,
    characterSet: characterSetOf(file.body),
  };

  const added = new Map<number, OutElement>();
  let transferSyntaxUid = file.transferSyntaxUid;
  let bodySyntax = file.bodySyntax;
  let decompressed = false;
  const pixel = findElement(file.body, 0x7fe00010);
  let bodyIn: DataElement[] = file.body;
  if (request.pixelEdit !== undefined && pixel !== undefined) {
    const masked = await maskPixelData(file, request.pixelEdit);
    added.set(0x7fe00010, masked.pixelData);
    for (const replacement of masked.replacements) added.set(tagOf(replacement), replacement);
    if (masked.decompressed) {
      transferSyntaxUid = masked.transferSyntaxUid;
      bodySyntax = { explicitVr: true, littleEndian: true };
      decompressed = true;
    }
    // Written back natively, the frames have no Extended Offset Table (7FE0,0001-0002) any more.
    const gone = masked.decompressed ? [0x7fe00010, 0x7fe00001, 0x7fe00002] : [0x7fe00010];
    bodyIn = file.body.filter((element) => !gone.includes(element.tag));
    const text = request.pixelEdit.kind !== 'voxels';
    report.add(
      0x7fe00010,
      'PixelData',
      text ? 'masked' : 'defaced',
      {
        source: 'Mitate',
        rule: text ? 'burned-in text' : 'face surface',
        option: text ? 'cleanPixelData' : 'cleanRecognizableVisualFeatures',
      },
      false,
    );
  }

  if (request.pixelEdit === undefined && pixel?.fragments !== undefined) {
    // Compressed frames can carry comments, EXIF and XMP of their own: they go, the image stays.
    const stripped = stripEncapsulatedMetadata(file.body, imagePixelModule(file.body).frames);
    if (stripped !== undefined) {
      for (const element of stripped.elements) added.set(tagOf(element), element);
      bodyIn = file.body.filter((element) => !added.has(element.tag));
      report.add(
        0x7fe00010,
        'PixelData',
        'cleaned',
        { source: 'Mitate', rule: 'embedded metadata removed from compressed frames' },
        false,
      );
    }
  }

  let body = deidentifyElements(bodyIn, context, false);
  // Only encapsulated input is decompressed, and it is always explicit VR little endian, so the
  // copied elements stay valid in the new body syntax.

  // De-identification attributes (PS3.3 C.7.1.1 Patient Identification / PS3.15 E.1.1 step 3).
  const mark = (tag: number, keyword: string, element: OutElement): void => {
    added.set(tag, element);
    report.add(tag, keyword, 'added', { source: 'Mitate', rule: 'PS3.15 E.1.1' }, false);
  };
  mark(0x00120062, 'PatientIdentityRemoved', csValue(0x00120062, 'YES'));
  const chosen = [...options]
    .filter((option) => OPTION_CODES[option] !== undefined)
    .filter((option) => !(option === 'cleanPixelData' && request.pixelsUnverified))
    .sort();
  const method = [
    'PS3.15 E.1-1 ' + PROFILE_EDITION + ' Basic',
    ...chosen.map((option) => OPTION_CODES[option]!.code),
  ].join(' ');
  mark(0x00120063, 'DeidentificationMethod', {
    kind: 'value',
    tag: 0x00120063,
    vr: 'LO',
    value: encodeText(`Mitate ${method}`.slice(0, 64), 'LO'),
  });
  const codes = [
    { code: '113100', meaning: 'Basic Application Confidentiality Profile' },
    ...chosen.map((option) => OPTION_CODES[option]!),
  ];
  mark(0x00120064, 'DeidentificationMethodCodeSequence', {
    kind: 'sequence',
    tag: 0x00120064,
    vr: 'SQ',
    undefinedLength: false,
    items: codes.map(({ code, meaning }) => ({
      elements: codeItem(code, meaning),
      undefinedLength: false,
      syntax: bodySyntax,
    })),
  });
  // PS3.3 C.7.1.1 / PS3.15 E.3.6: what happened to dates.
  const longitudinal = options.has('retainLongitudinalModifiedDates')
    ? 'MODIFIED'
    : options.has('retainLongitudinalFullDates')
      ? 'UNMODIFIED'
      : 'REMOVED';
  mark(0x00280303, 'LongitudinalTemporalInformationModified', csValue(0x00280303, longitudinal));
  if (request.cleansBurnedInText) mark(0x00280301, 'BurnedInAnnotation', csValue(0x00280301, 'NO'));
  if (request.removesFace)
    mark(0x00280302, 'RecognizableVisualFeatures', csValue(0x00280302, 'NO'));

  body = body.filter((element) => !added.has(tagOf(element)));
  body.push(...added.values());
  body.sort((a, b) => tagOf(a) - tagOf(b));

  const sopInstanceUid =
    request.uidMap.get(identity.sopInstanceUid) ??
    (options.has('retainUIDs') ? identity.sopInstanceUid : keys.uid(identity.sopInstanceUid));
  const metaText = (tag: number): string => {
    const element = findElement(file.meta, tag);
    return element === undefined ? '' : textOf(element);
  };
  const bodyText = (tag: number): string => {
    const element = findElement(file.body, tag);
    return element === undefined ? '' : textOf(element);
  };
  const meta: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    {
      kind: 'value',
      tag: 0x00020002,
      vr: 'UI',
      value: encodeText(metaText(0x00020002) || bodyText(0x00080016), 'UI'),
    },
    { kind: 'value', tag: 0x00020003, vr: 'UI', value: encodeText(sopInstanceUid, 'UI') },
    { kind: 'value', tag: 0x00020010, vr: 'UI', value: encodeText(transferSyntaxUid, 'UI') },
    { kind: 'value', tag: 0x00020012, vr: 'UI', value: encodeText(IMPLEMENTATION_CLASS_UID, 'UI') },
    {
      kind: 'value',
      tag: 0x00020013,
      vr: 'SH',
      value: encodeText(IMPLEMENTATION_VERSION_NAME, 'SH'),
    },
  ];
  const chunks = encodeDicomFile(meta, body, bodySyntax, file.deflated && !decompressed);
  // Output folders are named from these (pseudonymizeStudy): a value the body did not map as one
  // UID (a multi-valued or padded one) gets a new UID of its own, never its original text.
  const mapped = (uid: string): string =>
    uid === ''
      ? ''
      : (request.uidMap.get(uid) ?? (options.has('retainUIDs') ? uid : keys.uid(uid)));
  return {
    chunks,
    sopInstanceUid,
    seriesInstanceUid: mapped(identity.seriesInstanceUid),
    studyInstanceUid: mapped(identity.studyInstanceUid),
    patientPseudonym,
    dateOffsetDays,
    decompressed,
  };
}
