/**
 * Maps a returned AI result (SEG, SR, parametric map) back to the original study: every UID the
 * vault knows as a pseudonym, at any depth (Study/Series/Frame of Reference UIDs, Referenced SOP
 * Instance UIDs in Referenced Series, Source Image and Current Requested Procedure Evidence
 * sequences), becomes the original again, and the patient pseudonym becomes the original Patient ID.
 * UIDs the service minted itself (the result's own SOP Instance UID) stay as they are.
 */
import {
  encodeDicomFile,
  encodeText,
  IMPLEMENTATION_CLASS_UID,
  parseDicomFile,
  textOf,
  type DataElement,
  type OutElement,
} from '../dicom/index.js';
import type { PseudonymVault } from './pseudonymVault.js';

/** Rewrites every UI value `mapUid` knows, at any depth, and Patient ID when `mapPatientId` knows it. */
function rewrite(
  elements: readonly DataElement[],
  mapUid: (uid: string) => string | undefined,
  mapPatientId: (id: string) => string | undefined,
): OutElement[] {
  return elements.map((element): OutElement => {
    if (element.items) {
      return {
        kind: 'sequence',
        tag: element.tag,
        vr: element.vr,
        undefinedLength: element.length === 0xffffffff,
        items: element.items.map((item) => ({
          elements: rewrite(item.elements, mapUid, mapPatientId),
          undefinedLength: item.undefinedLength,
          syntax: item.syntax,
        })),
      };
    }
    if (element.vr === 'UI') {
      const values = textOf(element).split('\\');
      const mapped = values.map((uid) => mapUid(uid.trim()) ?? uid);
      if (mapped.some((uid, index) => uid !== values[index]))
        return {
          kind: 'value',
          tag: element.tag,
          vr: 'UI',
          value: encodeText(mapped.join('\\'), 'UI'),
        };
    }
    if (element.tag === 0x00100020) {
      const id = mapPatientId(textOf(element).trim());
      if (id !== undefined)
        return {
          kind: 'value',
          tag: element.tag,
          vr: element.vr,
          value: encodeText(id, element.vr),
        };
    }
    return { kind: 'copy', element };
  });
}

/** A file with UIDs rewritten (meta group included), everything else copied byte for byte. */
export function rewriteUids(
  bytes: Uint8Array,
  mapUid: (uid: string) => string | undefined,
  mapPatientId: (id: string) => string | undefined = () => undefined,
): Uint8Array {
  const file = parseDicomFile(bytes);
  const body = rewrite(file.body, mapUid, mapPatientId);
  // A bare data set (no File Meta Information) gets one, so the result is a Part 10 file.
  const meta: OutElement[] =
    file.meta.length > 0
      ? rewrite(file.meta, mapUid, () => undefined)
      : minimalMeta(file.body, file.transferSyntaxUid, mapUid);
  return Buffer.concat(encodeDicomFile(meta, body, file.bodySyntax, file.deflated));
}

function minimalMeta(
  body: readonly DataElement[],
  transferSyntaxUid: string,
  mapUid: (uid: string) => string | undefined,
): OutElement[] {
  const text = (tag: number): string => {
    const element = body.find((candidate) => candidate.tag === tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  const sop = text(0x00080018);
  return [
    { kind: 'value', tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { kind: 'value', tag: 0x00020002, vr: 'UI', value: encodeText(text(0x00080016), 'UI') },
    { kind: 'value', tag: 0x00020003, vr: 'UI', value: encodeText(mapUid(sop) ?? sop, 'UI') },
    { kind: 'value', tag: 0x00020010, vr: 'UI', value: encodeText(transferSyntaxUid, 'UI') },
    { kind: 'value', tag: 0x00020012, vr: 'UI', value: encodeText(IMPLEMENTATION_CLASS_UID, 'UI') },
  ];
}

export function restoreReferences(bytes: Uint8Array, vault: PseudonymVault): Uint8Array {
  return rewriteUids(
    bytes,
    (uid) => vault.originalUid(uid),
    (id) => vault.patientOf(id)?.originalId,
  );
}
