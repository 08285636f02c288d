/**
 * SR documents that sit beside a study's files. The library indexes only instances with pixel
 * data, so a TID 1500 report imported with its study (a third-party result, or the AI objects
 * copied in by hand) is not in the index; the review looks for it in the folders the study's
 * files are in. Only DICOM SRs of the same study are taken; indexed files are not read again.
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readHeader } from '../dicom/index.js';
import { SR_CLASS_PREFIX } from './resultClasses.js';

/** A folder with more files than this is a study folder of images, not where results are put. */
const MAX_FILES_READ = 64;

export interface ReportFile {
  sopInstanceUid: string;
  sopClassUid: string;
  seriesInstanceUid: string;
  path: string;
  transferSyntaxUid: string;
}

/** An indexed file of the study (the library's instances are these). */
export interface StudyFile {
  path: string;
  header: { studyInstanceUid: string };
}

export async function reportsBeside(instances: readonly StudyFile[]): Promise<ReportFile[]> {
  const studyUid = instances[0]?.header.studyInstanceUid;
  if (studyUid === undefined) return [];
  const indexed = new Set(instances.map((instance) => instance.path));
  const folders = [...new Set(instances.map((instance) => dirname(instance.path)))].slice(0, 16);
  const found: ReportFile[] = [];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    const candidates = names.map((name) => join(folder, name)).filter((path) => !indexed.has(path));
    for (const path of candidates.slice(0, MAX_FILES_READ)) {
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) continue;
      const result = await readHeader(path, info.size).catch(() => undefined);
      if (result?.kind !== 'instance') continue;
      const { header } = result;
      if (header.studyInstanceUid !== studyUid || !header.sopClassUid.startsWith(SR_CLASS_PREFIX))
        continue;
      found.push({
        sopInstanceUid: header.sopInstanceUid,
        sopClassUid: header.sopClassUid,
        seriesInstanceUid: header.seriesInstanceUid,
        path,
        transferSyntaxUid: header.transferSyntaxUid,
      });
    }
  }
  return found;
}
