/**
 * What a returned AI object points at, and whether we sent it. A result may reference only the
 * pseudonymized study, series and instances we sent, or the other result objects of the same
 * work item (an SR cites its SEG, IHE AIR). Anything else — a UID of another patient's study,
 * a mix-up on the platform — is refused before the vault maps a single UID back.
 */
import { parseDicomFile, textOf, type DataElement } from '../dicom/index.js';

const STUDY_UID = 0x0020000d;
const SERIES_UID = 0x0020000e;
const SOP_CLASS_UID = 0x00080016;
const SOP_INSTANCE_UID = 0x00080018;
const MODALITY = 0x00080060;
const REFERENCED_SOP_INSTANCE_UID = 0x00081155;
const CONTRIBUTING_EQUIPMENT = 0x0018a001;
const MANUFACTURER = 0x00080070;
const MODEL_NAME = 0x00081090;
const SOFTWARE_VERSIONS = 0x00181020;

export interface AllowedReferences {
  studies: ReadonlySet<string>;
  series: ReadonlySet<string>;
  instances: ReadonlySet<string>;
}

export interface ResultIdentity {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  modality: string;
  algorithm: { manufacturer: string; name: string; version: string };
}

export class ForeignReferenceError extends Error {
  constructor() {
    super('a result references an object that was not sent');
    this.name = 'ForeignReferenceError';
  }
}

const uidsOf = (element: DataElement): string[] =>
  textOf(element)
    .split('\\')
    .map((uid) => uid.replace(/\0/g, '').trim())
    .filter((uid) => uid !== '');

/** Every referencing UID at any depth: study UIDs, nested series UIDs, referenced SOP instances. */
function references(
  elements: readonly DataElement[],
  depth: number,
  out: { studies: string[]; series: string[]; instances: string[] },
): void {
  for (const element of elements) {
    if (element.items) {
      for (const item of element.items) references(item.elements, depth + 1, out);
      continue;
    }
    if (element.tag === STUDY_UID) out.studies.push(...uidsOf(element));
    else if (element.tag === SERIES_UID && depth > 0) out.series.push(...uidsOf(element));
    else if (element.tag === REFERENCED_SOP_INSTANCE_UID) out.instances.push(...uidsOf(element));
  }
}

function text(elements: readonly DataElement[], tag: number): string {
  const element = elements.find((candidate) => candidate.tag === tag);
  return element === undefined ? '' : textOf(element).replace(/\0/g, '').trim();
}

/** Reads a result's identity; throws ForeignReferenceError when it references what we did not send. */
export function checkResult(bytes: Uint8Array, allowed: AllowedReferences): ResultIdentity {
  const file = parseDicomFile(bytes);
  const found = { studies: [] as string[], series: [] as string[], instances: [] as string[] };
  references(file.body, 0, found);
  if (found.studies.length === 0) throw new ForeignReferenceError();
  if (found.studies.some((uid) => !allowed.studies.has(uid))) throw new ForeignReferenceError();
  if (found.series.some((uid) => !allowed.series.has(uid))) throw new ForeignReferenceError();
  if (found.instances.some((uid) => !allowed.instances.has(uid))) throw new ForeignReferenceError();
  const equipment =
    file.body.find((element) => element.tag === CONTRIBUTING_EQUIPMENT)?.items ?? [];
  // The algorithm is the last contributor (PS3.3 C.12.1.1.5 lists them in order of contribution).
  const algorithm = equipment.at(-1)?.elements ?? file.body;
  return {
    studyInstanceUid: text(file.body, STUDY_UID),
    seriesInstanceUid: text(file.body, SERIES_UID),
    sopInstanceUid: text(file.body, SOP_INSTANCE_UID),
    sopClassUid: text(file.body, SOP_CLASS_UID),
    modality: text(file.body, MODALITY),
    algorithm: {
      manufacturer: text(algorithm, MANUFACTURER),
      name: text(algorithm, MODEL_NAME),
      version: text(algorithm, SOFTWARE_VERSIONS),
    },
  };
}
