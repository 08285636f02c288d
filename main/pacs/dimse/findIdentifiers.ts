/**
 * C-FIND identifiers (PS3.4 C.6.2, Study Root): the request keys written from what the user typed,
 * and the answers read back with their Specific Character Set, ISO 2022 Japanese included. Both
 * travel in implicit VR little endian, the one transfer syntax every SCP accepts; matching
 * (wildcards, the three PN groups) is left to the PACS, as PS3.4 C.2.2.2 gives it.
 */
import {
  decodeText,
  encodeElements,
  encodeText,
  findElement,
  IMPLICIT_LE,
  parseDicomFile,
  parsePersonName,
  textOf,
  valueOf,
  type DataElement,
  type OutElement,
} from '../../dicom/index.js';
import type { RemoteQuery, RemoteSeries, RemoteStudy } from '../../../preload/contract/index.js';
import { PacsError } from '../pacsClient.js';

const tag = {
  specificCharacterSet: 0x00080005,
  studyDate: 0x00080020,
  accessionNumber: 0x00080050,
  queryRetrieveLevel: 0x00080052,
  modality: 0x00080060,
  modalitiesInStudy: 0x00080061,
  sopClassesInStudy: 0x00080062,
  studyDescription: 0x00081030,
  seriesDescription: 0x0008103e,
  patientName: 0x00100010,
  patientId: 0x00100020,
  patientBirthDate: 0x00100030,
  studyInstanceUid: 0x0020000d,
  seriesInstanceUid: 0x0020000e,
  seriesNumber: 0x00200011,
  studySeries: 0x00201206,
  studyInstances: 0x00201208,
  seriesInstances: 0x00201209,
} as const;

type Key = [tag: number, vr: string, value: string];

/** A value as the PACS should see it: one value (no backslash), at most the VR's length. */
function clean(value: string | undefined, max: number): string {
  return (value ?? '').replaceAll('\\', '').trim().slice(0, max);
}

function encodeKeys(keys: Key[]): Buffer {
  // ISO_IR 192 only when needed: some PACS refuse a character set they do not support, and plain
  // ASCII is the same bytes in every repertoire.
  const unicode = keys.some(([, , value]) => [...value].some((char) => char.charCodeAt(0) > 0x7f));
  const all: Key[] = unicode ? [[tag.specificCharacterSet, 'CS', 'ISO_IR 192'], ...keys] : keys;
  const elements: OutElement[] = all
    .sort((a, b) => a[0] - b[0])
    .map(([key, vr, value]) => ({
      kind: 'value',
      tag: key,
      vr,
      value: encodeText(value, vr, vr === 'PN' || vr === 'LO' ? 'utf8' : 'latin1'),
    }));
  const chunks: Uint8Array[] = [];
  encodeElements(elements, IMPLICIT_LE, chunks);
  return Buffer.concat(chunks);
}

/** The study-level identifier; empty keys ask the PACS to return that attribute. */
export function studyQueryIdentifier(query: RemoteQuery): Buffer {
  const from = clean(query.studyDateFrom, 8);
  const to = clean(query.studyDateTo, 8);
  return encodeKeys([
    [tag.queryRetrieveLevel, 'CS', 'STUDY'],
    [tag.studyDate, 'DA', from === '' && to === '' ? '' : from === to ? from : `${from}-${to}`],
    [tag.accessionNumber, 'SH', clean(query.accessionNumber, 16)],
    [tag.modalitiesInStudy, 'CS', clean(query.modality, 16)],
    [tag.studyDescription, 'LO', clean(query.studyDescription, 64)],
    [tag.patientName, 'PN', clean(query.patientName, 192)],
    [tag.patientId, 'LO', clean(query.patientId, 64)],
    [tag.patientBirthDate, 'DA', clean(query.patientBirthDate, 8)],
    [tag.studyInstanceUid, 'UI', ''],
    [tag.studySeries, 'IS', ''],
    [tag.studyInstances, 'IS', ''],
  ]);
}

/** One study by UID, asking which SOP classes it holds (to propose them for C-GET). */
export function sopClassesQueryIdentifier(studyInstanceUid: string): Buffer {
  return encodeKeys([
    [tag.queryRetrieveLevel, 'CS', 'STUDY'],
    [tag.sopClassesInStudy, 'UI', ''],
    [tag.studyInstanceUid, 'UI', studyInstanceUid],
  ]);
}

export function seriesQueryIdentifier(studyInstanceUid: string): Buffer {
  return encodeKeys([
    [tag.queryRetrieveLevel, 'CS', 'SERIES'],
    [tag.modality, 'CS', ''],
    [tag.seriesDescription, 'LO', ''],
    [tag.studyInstanceUid, 'UI', studyInstanceUid],
    [tag.seriesInstanceUid, 'UI', ''],
    [tag.seriesNumber, 'IS', ''],
    [tag.seriesInstances, 'IS', ''],
  ]);
}

/** An answer's attributes, decoded in its own Specific Character Set. */
class Answer {
  private readonly charset: string | undefined;
  constructor(private readonly elements: DataElement[]) {
    const element = findElement(elements, tag.specificCharacterSet);
    this.charset = element === undefined ? undefined : textOf(element);
  }
  text(key: number, max = 64): string {
    const element = findElement(this.elements, key);
    if (element === undefined) return '';
    return decodeText(valueOf(element), this.charset)
      .replace(/[\0 ]+$/, '')
      .trim()
      .slice(0, max);
  }
  /** Multi-valued code strings (ModalitiesInStudy, SOPClassesInStudy). */
  values(key: number): string[] {
    return this.text(key, 4096)
      .split('\\')
      .map((value) => value.trim())
      .filter((value) => value !== '');
  }
  count(key: number): number | undefined {
    const value = Number.parseInt(this.text(key), 10);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  }
}

function parseAnswer(identifier: Uint8Array): Answer {
  try {
    return new Answer(parseDicomFile(identifier).body);
  } catch {
    throw new PacsError('protocol_error', 'a C-FIND answer cannot be read');
  }
}

const UID = /^[0-9.]{1,64}$/;
function uid(answer: Answer, key: number): string {
  const value = answer.text(key);
  if (!UID.test(value)) throw new PacsError('protocol_error', 'a C-FIND answer lacks a valid UID');
  return value;
}

export function readStudyAnswer(identifier: Uint8Array, nodeId: string): RemoteStudy {
  const answer = parseAnswer(identifier);
  const series = answer.count(tag.studySeries);
  const instances = answer.count(tag.studyInstances);
  return {
    nodeId,
    studyInstanceUid: uid(answer, tag.studyInstanceUid),
    patientName: parsePersonName(answer.text(tag.patientName, 1024)),
    patientId: answer.text(tag.patientId),
    patientBirthDate: answer.text(tag.patientBirthDate, 18),
    studyDate: answer.text(tag.studyDate, 18),
    studyDescription: answer.text(tag.studyDescription),
    accessionNumber: answer.text(tag.accessionNumber),
    modalities: answer
      .values(tag.modalitiesInStudy)
      .slice(0, 32)
      .map((modality) => modality.slice(0, 16)),
    ...(series === undefined ? {} : { seriesCount: series }),
    ...(instances === undefined ? {} : { instanceCount: instances }),
  };
}

export function readSeriesAnswer(identifier: Uint8Array, nodeId: string): RemoteSeries {
  const answer = parseAnswer(identifier);
  const instances = answer.count(tag.seriesInstances);
  const number = Number.parseInt(answer.text(tag.seriesNumber), 10);
  return {
    nodeId,
    studyInstanceUid: uid(answer, tag.studyInstanceUid),
    seriesInstanceUid: uid(answer, tag.seriesInstanceUid),
    modality: answer.text(tag.modality, 16),
    seriesNumber: Number.isInteger(number) ? number : null,
    seriesDescription: answer.text(tag.seriesDescription),
    ...(instances === undefined ? {} : { instanceCount: instances }),
  };
}

export function readSopClassesAnswer(identifier: Uint8Array): string[] {
  return parseAnswer(identifier)
    .values(tag.sopClassesInStudy)
    .filter((value) => UID.test(value));
}
