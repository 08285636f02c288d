/**
 * Maps a returned AI result (SEG, SR, parametric map) back to the original study: every UID the
 * vault knows as a pseudonym, at any depth (Study/Series/Frame of Reference UIDs, Referenced SOP
 * Instance UIDs in Referenced Series, Source Image and Current Requested Procedure Evidence
 * sequences), becomes the original again, and the patient pseudonym becomes the original Patient ID.
 * UIDs the service minted itself (the result's own SOP Instance UID) stay as they are.
 */
import { parseDicomFile, textOf, type DataElement } from '../deid/dataSet.js';
import { encodeDicomFile, encodeText, type OutElement } from '../deid/dataSetWriter.js';
import type { PseudonymVault } from './pseudonymVault.js';

function restore(elements: readonly DataElement[], vault: PseudonymVault): OutElement[] {
  return elements.map((element): OutElement => {
    if (element.items) {
      return {
        kind: 'sequence',
        tag: element.tag,
        vr: element.vr,
        undefinedLength: element.length === 0xffffffff,
        items: element.items.map((item) => ({ elements: restore(item.elements, vault), undefinedLength: item.undefinedLength, syntax: item.syntax })),
      };
    }
    if (element.vr === 'UI') {
      const values = textOf(element).split('\\');
      const restored = values.map((uid) => vault.originalUid(uid.trim()) ?? uid);
      if (restored.some((uid, index) => uid !== values[index])) return { kind: 'value', tag: element.tag, vr: 'UI', value: encodeText(restored.join('\\'), 'UI') };
    }
    if (element.tag === 0x00100020) {
      const patient = vault.patientOf(textOf(element).trim());
      if (patient !== undefined) return { kind: 'value', tag: element.tag, vr: element.vr, value: encodeText(patient.originalId, element.vr) };
    }
    return { kind: 'copy', element };
  });
}

export function restoreReferences(bytes: Uint8Array, vault: PseudonymVault): Uint8Array {
  const file = parseDicomFile(bytes);
  const meta = file.meta.map((element): OutElement => ({ kind: 'copy', element }));
  return Buffer.concat(encodeDicomFile(meta, restore(file.body, vault), file.bodySyntax, file.deflated));
}
