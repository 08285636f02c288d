import { realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type {
  BrokenFile,
  ImportProgress,
  ImportReport,
  RefusedEntry,
} from '../../preload/contract/index.js';
import { readDicomdirReferences, readHeader } from '../dicom/index.js';
import type { ArchiveLimits } from './archiveLimits.js';
import { extractArchive } from './extractArchive.js';
import { isInsideFolder } from './insideFolder.js';
import { listFiles, type RootedFile } from './listFiles.js';
import { FileIdResolver } from './resolveFileId.js';
import type { StudyLibrary } from './studyLibrary.js';

/** Header reads in flight at once: enough to hide disk latency, few enough to keep memory flat. */
const PARALLEL_READS = 16;
/** The report lists at most this many broken files (and refused entries); the rest are counted. */
const BROKEN_LISTED = 100;
const PROGRESS_INTERVAL_MS = 100;
/** Archives inside archives are opened this deep, no deeper (a zip can contain itself). */
const MAX_ARCHIVE_DEPTH = 2;

export interface ImportOptions {
  signal: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Where zip archives are extracted; without it, archives are counted as not DICOM. */
  archiveRoot?: string;
  /** Limits on what one archive may expand to; unset ones keep their defaults. */
  archiveLimits?: Partial<ArchiveLimits>;
}

interface QueuedFile extends RootedFile {
  /** How many archives this file was extracted from. */
  depth: number;
}

/**
 * Imports files, folders, DICOMDIR media and zip archives into the library: lists them, reads
 * each header (never pixel data), skips what is not DICOM, reports broken files by base name and
 * reason, and keeps one copy of each SOP Instance. A broken file never stops the import; a
 * cancel keeps what was indexed. A file already indexed from the same path, size and time is not
 * read again, which is what makes a re-run after a crash quick.
 *
 * Work goes in rounds: files found by a DICOMDIR or extracted from an archive in one round are
 * read in the next.
 */
export async function importStudies(
  library: StudyLibrary,
  paths: readonly string[],
  { signal, onProgress, archiveRoot, archiveLimits }: ImportOptions,
): Promise<ImportReport> {
  onProgress?.({ phase: 'listing', done: 0, total: 0 });
  const refused: RefusedEntry[] = [];
  const addRefused = (entry: RefusedEntry): void => {
    if (refused.length < BROKEN_LISTED) refused.push(entry);
  };
  const listed = await listFiles(paths, signal, addRefused);
  const seen = new Set(listed.map((file) => file.path));
  const report = {
    filesSeen: listed.length,
    instancesAdded: 0,
    duplicates: 0,
    notDicom: 0,
    withoutImages: 0,
    relinked: 0,
  };
  const broken: BrokenFile[] = [];
  let brokenNotListed = 0;
  const touchedStudies = new Set<string>();
  const resolver = new FileIdResolver();
  let done = 0;
  let total = listed.length;
  let lastProgress = 0;

  const addBroken = (file: BrokenFile): void => {
    if (broken.length < BROKEN_LISTED) broken.push(file);
    else brokenNotListed++;
  };
  const enqueue = (into: QueuedFile[], file: RootedFile, depth: number): void => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    into.push({ ...file, depth });
    report.filesSeen++;
    total++;
  };

  const readOne = async (
    file: QueuedFile,
    next: QueuedFile[],
    archives: QueuedFile[],
  ): Promise<void> => {
    const unchanged = library.unchangedFile(file);
    if (unchanged !== undefined) {
      touchedStudies.add(unchanged.header.studyInstanceUid);
      report.duplicates++;
      return;
    }
    const result = await readHeader(file.path, file.size);
    switch (result.kind) {
      case 'not-dicom':
        report.notDicom++;
        return;
      case 'broken':
        addBroken({ name: basename(file.path), reason: result.reason });
        return;
      case 'zip':
        if (archiveRoot === undefined || file.depth >= MAX_ARCHIVE_DEPTH) report.notDicom++;
        else archives.push(file);
        return;
      case 'dicomdir': {
        const base = dirname(file.path);
        // References are relative to the DICOMDIR's folder and must stay in it, links resolved.
        const root = await realpath(base).catch(() => base);
        for (const fileId of await readDicomdirReferences(file.path).catch(() => [])) {
          const found = await resolver.resolve(base, fileId);
          const name = (fileId.at(-1) ?? '').slice(0, 200);
          if (found === undefined) addBroken({ name, reason: 'missing' });
          else if (!(await isInsideFolder(found.path, root)))
            addRefused({ name, reason: 'outside-folder' });
          else enqueue(next, { ...found, root }, file.depth);
        }
        return;
      }
      case 'instance': {
        const { header } = result;
        if (!header.hasPixelData) {
          report.withoutImages++;
          return;
        }
        touchedStudies.add(header.studyInstanceUid);
        if (library.add(file, header) === 'added') {
          report.instancesAdded++;
          return;
        }
        const existing = library.instanceBySop(header.sopInstanceUid);
        if (
          existing !== undefined &&
          existing.path !== file.path &&
          !(await stillThere(existing))
        ) {
          library.relink(header.sopInstanceUid, file);
          report.relinked++;
        } else {
          report.duplicates++;
        }
      }
    }
  };

  const runRound = async (
    round: readonly QueuedFile[],
    next: QueuedFile[],
    archives: QueuedFile[],
  ): Promise<void> => {
    let cursor = 0;
    const worker = async (): Promise<void> => {
      while (cursor < round.length && !signal.aborted) {
        const file = round[cursor++];
        if (file === undefined) break;
        await readOne(file, next, archives);
        done++;
        const now = Date.now();
        if (onProgress !== undefined && now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          onProgress({ phase: 'reading', done, total });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, round.length) }, worker));
  };

  let round: QueuedFile[] = listed.map((file) => ({ ...file, depth: 0 }));
  while (round.length > 0 && !signal.aborted) {
    const next: QueuedFile[] = [];
    const archives: QueuedFile[] = [];
    await runRound(round, next, archives);
    for (const archive of archives) {
      if (signal.aborted || archiveRoot === undefined) break;
      const extracted = await extractArchive(archive.path, archiveRoot, {
        signal,
        limits: archiveLimits,
        onEntry: (entry, entries) =>
          onProgress?.({ phase: 'extracting', done: entry, total: entries }),
      }).catch(() => undefined);
      if (extracted === undefined) {
        addBroken({ name: basename(archive.path), reason: 'unreadable' });
        continue;
      }
      for (const entry of extracted.refused) addRefused(entry);
      if (extracted.folder === undefined) continue;
      for (const file of await listFiles([extracted.folder], signal, addRefused))
        enqueue(next, file, archive.depth + 1);
    }
    round = next;
  }
  onProgress?.({ phase: 'done', done, total });

  return {
    ...report,
    broken,
    brokenNotListed,
    refused,
    studies: library.studySummaries(touchedStudies),
    cancelled: signal.aborted,
  };
}

/** Whether an indexed file is still where, and what, it was. */
async function stillThere(instance: { path: string; size: number }): Promise<boolean> {
  try {
    return (await stat(instance.path)).size === instance.size;
  } catch {
    return false;
  }
}
