/**
 * A result file rewritten as explicit VR little endian, not deflated, from what the one DICOM
 * reader parsed: every length is then one the reader checked against the bytes, every VR one
 * dcmjs knows. dcmjs trusts declared lengths and its own VR guesses, and reserved up to 1.7 GB for
 * a small deflated SR and 541 MB for an implicit-VR SEG with an unknown private element; it never
 * sees the original bytes now. Big endian files (a retired syntax) are refused.
 */
import {
  encodeDicomFile,
  encodeText,
  EXPLICIT_LE,
  type DataElement,
  type DicomFile,
  type OutElement,
} from '../dicom/index.js';

const EXPLICIT_LE_UID = '1.2.840.10008.1.2.1';

function rewritten(elements: readonly DataElement[]): OutElement[] {
  return elements.map((element): OutElement => {
    if (element.items !== undefined)
      return {
        kind: 'sequence',
        tag: element.tag,
        vr: 'SQ',
        undefinedLength: false,
        items: element.items.map((item) => ({
          elements: rewritten(item.elements),
          undefinedLength: false,
          syntax: EXPLICIT_LE,
        })),
      };
    if (element.fragments !== undefined)
      return {
        kind: 'fragments',
        tag: element.tag,
        fragments: element.fragments.map((range) => element.bytes.subarray(range.start, range.end)),
      };
    return {
      kind: 'value',
      tag: element.tag,
      vr: element.vr,
      value: element.bytes.subarray(element.valueStart, element.valueStart + element.length),
    };
  });
}

/** The file's bytes as explicit VR little endian; undefined for a big endian file. */
export function explicitLittleEndian(file: DicomFile): Uint8Array | undefined {
  if (!file.bodySyntax.littleEndian) return undefined;
  const meta = rewritten(file.meta.filter((element) => element.tag !== 0x00020010));
  meta.push({
    kind: 'value',
    tag: 0x00020010,
    vr: 'UI',
    value: encodeText(EXPLICIT_LE_UID, 'UI'),
  });
  meta.sort(
    (a, b) =>
      (a.kind === 'copy' ? a.element.tag : a.tag) - (b.kind === 'copy' ? b.element.tag : b.tag),
  );
  return Buffer.concat(encodeDicomFile(meta, rewritten(file.body), EXPLICIT_LE, false));
}
