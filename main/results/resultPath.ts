/**
 * Where a stored result object lives. The AI results (`<dataDir>/ai-results/`) and the doctor's
 * assessments (`<dataDir>/assessments/`) are files named after SOP Instance UIDs, and their index
 * files name them again: every path made from such a name, when it is written and when it is
 * read back from an index, is made here, so what a name may contain is decided in one place.
 * The UID must follow the DICOM grammar (a server chose it), and the path must stay inside the
 * store's folder (an index file on disk may have been edited).
 */
import { join } from 'node:path';
import { isDicomUid } from '../dicom/index.js';
import { pathInside } from '../storage/index.js';

export class MalformedUidError extends Error {
  constructor() {
    super('a UID does not follow the DICOM UID grammar');
    this.name = 'MalformedUidError';
  }
}

/** A result object's file name inside its store: `<sop>.dcm`, or `<group>/<sop>.dcm` (the AI results per job). */
export function resultFileName(sopInstanceUid: string, group?: string): string {
  if (!isDicomUid(sopInstanceUid)) throw new MalformedUidError();
  return group === undefined ? `${sopInstanceUid}.dcm` : join(group, `${sopInstanceUid}.dcm`);
}

/** The path of a stored result file (`file` as its index records it) inside its store's folder. */
export function resultPath(folder: string, file: string): string {
  return pathInside(folder, file);
}
