/**
 * The SOP Instance UID of a WADO-RS part, read from its file meta (Media Storage SOP Instance
 * UID, PS3.10 §7.1) without parsing the data set: the part is written under this name.
 */
import { isDicomUid, readFileMeta, textOf } from '../../dicom/index.js';

export function instanceUidOf(bytes: Uint8Array): string | undefined {
  try {
    const element = readFileMeta(bytes).meta.find((one) => one.tag === 0x00020003);
    const uid = element === undefined ? undefined : textOf(element).replace(/[\0 ]+$/, '');
    return isDicomUid(uid) ? uid : undefined;
  } catch {
    return undefined;
  }
}
