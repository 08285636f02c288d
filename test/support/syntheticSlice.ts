// One single-frame, 16-bit greyscale DICOM image slice with the few attributes a viewer or the
// pseudonymization engine needs (SOP, patient, study/series, geometry, Image Pixel module), written
// with the engine's own encoder. Used for generated test and benchmark data.
import { encodeDicomFile, encodeText, type OutElement } from '../../main/dicom/index.js';

export interface SliceDescription {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  patientName: string;
  patientId: string;
  /** Extra attributes (already encoded), e.g. Body Part Examined or Study Date. */
  extra?: OutElement[];
  position: number[];
  orientation: number[];
  pixelSpacing?: number;
  rows: number;
  columns: number;
  bitsStored: number;
  /** rows * columns little-endian unsigned 16-bit samples. */
  pixels: Uint8Array;
}

export function textElement(tag: number, vr: string, value: string): OutElement {
  return { kind: 'value', tag, vr, value: encodeText(value, vr) };
}

function us(tag: number, value: number): OutElement {
  return { kind: 'value', tag, vr: 'US', value: Buffer.from([value & 0xff, value >> 8]) };
}

export function encodeSlice(slice: SliceDescription): Buffer {
  const body: OutElement[] = [
    textElement(0x00080016, 'UI', slice.sopClassUid),
    textElement(0x00080018, 'UI', slice.sopInstanceUid),
    textElement(0x00080060, 'CS', slice.modality),
    textElement(0x00100010, 'PN', slice.patientName),
    textElement(0x00100020, 'LO', slice.patientId),
    textElement(0x0020000d, 'UI', slice.studyInstanceUid),
    textElement(0x0020000e, 'UI', slice.seriesInstanceUid),
    textElement(0x00200032, 'DS', slice.position.join('\\')),
    textElement(0x00200037, 'DS', slice.orientation.join('\\')),
    us(0x00280002, 1),
    textElement(0x00280004, 'CS', 'MONOCHROME2'),
    us(0x00280010, slice.rows),
    us(0x00280011, slice.columns),
    ...(slice.pixelSpacing === undefined
      ? []
      : [textElement(0x00280030, 'DS', `${slice.pixelSpacing}\\${slice.pixelSpacing}`)]),
    us(0x00280100, 16),
    us(0x00280101, slice.bitsStored),
    us(0x00280102, slice.bitsStored - 1),
    us(0x00280103, 0),
    { kind: 'value', tag: 0x7fe00010, vr: 'OW', value: slice.pixels },
    ...(slice.extra ?? []),
  ];
  body.sort(
    (a, b) =>
      (a.kind === 'copy' ? a.element.tag : a.tag) - (b.kind === 'copy' ? b.element.tag : b.tag),
  );
  const meta: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    textElement(0x00020002, 'UI', slice.sopClassUid),
    textElement(0x00020003, 'UI', slice.sopInstanceUid),
    textElement(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(
    encodeDicomFile(meta, body, { explicitVr: true, littleEndian: true }, false),
  );
}
