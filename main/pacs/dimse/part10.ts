/**
 * A received data set becomes a Part 10 file (PS3.10 7.1) by putting the File Meta Information in
 * front of its bytes as they came off the wire: nothing is decoded or re-encoded, so pixel data,
 * private elements and a deflated body stay exactly as the sender had them.
 */
import {
  encodeDicomFile,
  encodeText,
  EXPLICIT_LE,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  type OutElement,
} from '../../dicom/index.js';

export function part10Header(meta: {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  sourceAeTitle: string;
}): Buffer {
  const value = (tag: number, vr: string, text: string): OutElement => ({
    kind: 'value',
    tag,
    vr,
    value: encodeText(text, vr),
  });
  const elements: OutElement[] = [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    value(0x00020002, 'UI', meta.sopClassUid),
    value(0x00020003, 'UI', meta.sopInstanceUid),
    value(0x00020010, 'UI', meta.transferSyntaxUid),
    value(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
    value(0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME),
    value(0x00020016, 'AE', meta.sourceAeTitle.trim()),
  ];
  return Buffer.concat(encodeDicomFile(elements, [], EXPLICIT_LE, false));
}
