import { readFile } from 'node:fs/promises';
import { findElement, textOf, uint16Of, type DicomFile } from './dataSet.js';
import { parseDicomFile, readFileMeta } from './parseDicomFile.js';
import { EXPLICIT_BIG, IMPLICIT_LITTLE } from './transferSyntax.js';

/**
 * The files a DICOMDIR (Media Storage Directory, PS3.10 §8, PS3.3 Annex F) points to, as lists of
 * File ID components relative to the DICOMDIR's folder.
 *
 * Only the Referenced File IDs matter to the library: every referenced file is read for its own
 * header anyway, so the record hierarchy (and its offsets, which real media get wrong: records
 * out of order, missing or zero offsets, unknown record types) is not followed. Records marked
 * inactive (Record In-use Flag 0000H, PS3.3 F.3.2.2) are skipped.
 */

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const DIRECTORY_RECORD_SEQUENCE = 0x00041220;
const REFERENCED_FILE_ID = 0x00041500;
const RECORD_IN_USE = 0x00041410;

export async function readDicomdirReferences(path: string): Promise<string[][]> {
  const bytes = new Uint8Array(await readFile(path));
  let file: DicomFile | undefined;
  try {
    file = parseDicomFile(bytes);
  } catch {
    file = undefined;
  }
  const recordSequence =
    file === undefined ? undefined : findElement(file.body, DIRECTORY_RECORD_SEQUENCE);
  if (recordSequence !== undefined) {
    return (recordSequence.items ?? []).flatMap((record) => {
      const inUse = findElement(record.elements, RECORD_IN_USE);
      if (inUse !== undefined && uint16Of(inUse) === 0) return [];
      const fileIdElement = findElement(record.elements, REFERENCED_FILE_ID);
      const fileId = fileIdOf(
        fileIdElement === undefined || fileIdElement.length === 0
          ? undefined
          : textOf(fileIdElement).trim(),
      );
      return fileId === undefined ? [] : [fileId];
    });
  }
  return scanForFileIds(bytes);
}

function fileIdOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const components = value.split('\\').map((component) => component.trim());
  return components.length > 0 && components.every((component) => component !== '')
    ? components
    : undefined;
}

/**
 * A DICOMDIR whose item lengths are wrong (seen on real media) defeats a strict parser. Its
 * Referenced File IDs can still be found: each is a (0004,1500) CS element, and the File IDs of
 * PS3.10 §8.2 use only upper-case letters, digits, underscore and the backslash separator.
 */
function scanForFileIds(bytes: Uint8Array): string[][] {
  let syntax: string | undefined;
  try {
    syntax = readFileMeta(bytes).transferSyntaxUid;
  } catch {
    return [];
  }
  const bigEndian = syntax === EXPLICIT_BIG;
  const implicit = syntax === IMPLICIT_LITTLE;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: string[][] = [];
  for (let at = 132; at + 8 <= bytes.length; at++) {
    const group = view.getUint16(at, !bigEndian);
    const element = view.getUint16(at + 2, !bigEndian);
    if (group !== 0x0004 || element !== 0x1500) continue;
    let length: number;
    let start: number;
    if (implicit) {
      length = view.getUint32(at + 4, true);
      start = at + 8;
    } else {
      if (bytes[at + 4] !== 0x43 || bytes[at + 5] !== 0x53) continue; // "CS"
      length = view.getUint16(at + 6, !bigEndian);
      start = at + 8;
    }
    if (length === 0 || length > 64 || start + length > bytes.length) continue;
    const text = String.fromCharCode(...bytes.subarray(start, start + length));
    if (!/^[A-Z0-9_\\ ]+$/i.test(text)) continue;
    const fileId = fileIdOf(text);
    if (fileId !== undefined) found.push(fileId);
    at = start + length - 1;
  }
  return found;
}
