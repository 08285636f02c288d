import { basename } from 'node:path';
import type { BrokenFile, ImportProgress, ImportReport } from '../../preload/contract.js';
import { readHeader } from '../dicom/readHeader.js';
import { listFiles, type ListedFile } from './listFiles.js';
import type { StudyLibrary } from './studyLibrary.js';

/** Header reads in flight at once: enough to hide disk latency, few enough to keep memory flat. */
const PARALLEL_READS = 16;
/** The report lists at most this many broken files; the rest are counted. */
const BROKEN_LISTED = 100;
const PROGRESS_INTERVAL_MS = 100;

export interface ImportOptions {
  signal: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Imports files and folders into the library: lists them, reads each header (never pixel data),
 * skips what is not DICOM, reports broken files by base name and reason, and keeps one copy of
 * each SOP Instance. A broken file never stops the import; a cancel keeps what was indexed.
 */
export async function importStudies(
  library: StudyLibrary,
  paths: readonly string[],
  { signal, onProgress }: ImportOptions,
): Promise<ImportReport> {
  onProgress?.({ phase: 'listing', done: 0, total: 0 });
  const files = await listFiles(paths, signal);
  const report = { filesSeen: files.length, instancesAdded: 0, duplicates: 0, notDicom: 0, withoutImages: 0 };
  const broken: BrokenFile[] = [];
  let brokenNotListed = 0;
  const touchedStudies = new Set<string>();
  let done = 0;
  let lastProgress = 0;

  const readOne = async (file: ListedFile): Promise<void> => {
    const result = await readHeader(file.path, file.size);
    if (result.kind === 'not-dicom') report.notDicom++;
    else if (result.kind === 'broken') {
      if (broken.length < BROKEN_LISTED) broken.push({ name: basename(file.path), reason: result.reason });
      else brokenNotListed++;
    } else if (!result.header.hasPixelData) report.withoutImages++;
    else {
      touchedStudies.add(result.header.studyInstanceUid);
      if (library.add(file.path, file.size, result.header) === 'added') report.instancesAdded++;
      else report.duplicates++;
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !signal.aborted) {
      const file = files[next++];
      if (file === undefined) break;
      await readOne(file);
      done++;
      const now = Date.now();
      if (onProgress !== undefined && now - lastProgress >= PROGRESS_INTERVAL_MS) {
        lastProgress = now;
        onProgress({ phase: 'reading', done, total: files.length });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));
  onProgress?.({ phase: 'done', done, total: files.length });

  return {
    ...report,
    broken,
    brokenNotListed,
    studies: library.studySummaries(touchedStudies),
    cancelled: signal.aborted,
  };
}
