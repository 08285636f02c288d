import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportReport } from '../../preload/contract/index.js';
import { readSliceMetadata, renderThumbnail, type Thumbnail } from '../dicom/index.js';
import { HandlerError } from '../errors/index.js';
import type { Feature, HostServices } from '../host/index.js';
import { makePrivateFolder, writeFileAtomic } from '../storage/index.js';
import { ImportedResults } from './importedResults.js';
import { importPathProblem } from './importPathPolicy.js';
import { importStudies } from './importStudies.js';
import { LibraryIndexFile } from './libraryIndexFile.js';
import { findMissingFiles } from './missingFiles.js';
import { StudyLibrary } from './studyLibrary.js';
import { StudyResults } from './studyResults.js';

/** The library channels, and the study library the other features read. */
export interface LibraryFeature extends Feature<'library'> {
  library: StudyLibrary;
  /** Resolves once the index on disk is loaded (handlers wait for it themselves). */
  ready: Promise<void>;
  /** Writes what is buffered and closes the journal (app shutdown, tests). */
  dispose(): Promise<void>;
  /**
   * Imports files main itself wrote (retrieved or received instances, under the data folder),
   * after any import already running: the one import path, without the renderer's path checks.
   */
  importOwnFiles(paths: readonly string[]): Promise<ImportReport>;
}

/** Headers read at once for series metadata: enough to keep the disk busy, few open files. */
const HEADERS_AT_ONCE = 16;

async function readInBatches<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++)
      out[index] = await read(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(HEADERS_AT_ONCE, items.length) }, worker));
  return out;
}

/** Thumbnails kept in memory; each is a few kilobytes. */
const THUMBNAILS_KEPT = 512;

/**
 * The library's channels: import (dialog, paths, dropped bytes, resume), study and series
 * lists, thumbnails and clearing. The index lives in `<dataDir>/library/`; copies the library
 * makes (dropped files, extracted archives) live beside it and go when the library is cleared.
 */
export function createLibraryHandlers(host: HostServices): LibraryFeature {
  const library = new StudyLibrary();
  const indexFolder = join(host.dataDir, 'library');
  const archiveRoot = join(host.dataDir, 'archives');
  const droppedRoot = join(host.dataDir, 'dropped');
  let index: LibraryIndexFile | undefined;
  let loaded = false;
  // The study list of the last snapshot, on screen while the whole index is rebuilt behind it.
  const quickList = LibraryIndexFile.readStudyList(indexFolder).catch(() => undefined);
  // A damaged or unreadable data folder must not stop the viewer: the library then lives in memory.
  const ready = LibraryIndexFile.open(indexFolder, library).then(
    (opened) => {
      index = opened;
      loaded = true;
    },
    () => {
      loaded = true;
    },
  );
  let running: { controller: AbortController; done: Promise<unknown> } | undefined;
  const thumbnails = new Map<string, Thumbnail | null>();
  // AI results and assessments beside the studies: read from their sidecars (main/library/studyResults.ts).
  const results = new StudyResults(host.dataDir);
  const imported = new ImportedResults();

  const runImport = async (paths: readonly string[]): Promise<ImportReport> => {
    await ready;
    if (running !== undefined) throw new HandlerError('import_busy');
    const controller = new AbortController();
    const work = (async () => {
      index?.importStarted(paths);
      try {
        return await importStudies(library, paths, {
          signal: controller.signal,
          archiveRoot,
          onProgress: (progress) => host.emit('library.importProgress', progress),
        });
      } finally {
        index?.importFinished();
        await index?.compact();
      }
    })();
    running = { controller, done: work.catch(() => undefined) };
    try {
      return await work;
    } finally {
      running = undefined;
    }
  };

  const handlers: LibraryFeature['handlers'] = {
    'library.pickAndImport': async ({ kind }) => {
      if (host.pickFolders === undefined) throw new HandlerError('dialog_unavailable');
      const paths = await host.pickFolders(kind ?? 'folders');
      return paths === null || paths.length === 0 ? null : runImport(paths);
    },
    'library.importPaths': async ({ paths }) => {
      // The renderer may be compromised: see docs/SECURITY.md, "Import paths from the renderer".
      for (const path of paths) {
        const problem = importPathProblem(path, host.dataDir);
        if (problem !== undefined) throw new HandlerError('path_not_allowed', problem);
      }
      const granted = host.pathGrants?.take(paths) ?? false;
      if (!granted && host.confirmPaths !== undefined && !(await host.confirmPaths(paths)))
        throw new HandlerError('path_not_allowed', 'not confirmed');
      return runImport(paths);
    },
    'library.importFiles': async ({ files }) => {
      // Dropped files have no path in a browser: keep a copy in the library folder, then import it.
      // Copies are named by position only: a dropped file's name may carry the patient's name.
      const folder = join(droppedRoot, `${Date.now()}-${randomBytes(4).toString('hex')}`);
      await makePrivateFolder(folder);
      await Promise.all(
        files.map((file, position) => writeFileAtomic(join(folder, String(position)), file.bytes)),
      );
      return runImport([folder]);
    },
    'library.cancelImport': async () => {
      running?.controller.abort();
      return { cancelled: running !== undefined };
    },
    'library.interruptedImport': async () => {
      await ready;
      return { interrupted: index?.interruptedImport !== undefined && running === undefined };
    },
    'library.resumeImport': async () => {
      await ready;
      const paths = index?.interruptedImport;
      if (paths === undefined || paths.length === 0)
        throw new HandlerError('not_found', 'no interrupted import');
      return runImport(paths);
    },
    'library.dismissInterruptedImport': async () => {
      await ready;
      if (index?.interruptedImport !== undefined && running === undefined) {
        index.importFinished();
        await index.compact();
      }
      return {};
    },
    'library.studies': async () => {
      if (!loaded) {
        const quick = await quickList;
        if (quick !== undefined && !loaded) return results.annotate(quick);
      }
      await ready;
      return results.annotate(library.studies());
    },
    'library.results': async ({ studyId }) => {
      await ready;
      const instances = library.studyInstances(studyId);
      if (instances === undefined) throw new HandlerError('not_found', 'study');
      const stored = await results.forStudy(studyId);
      const pipeline = new Set(
        stored.filter((series) => series.kind === 'ai').map((series) => series.seriesInstanceUid),
      );
      return [...stored, ...(await imported.forStudy(instances, pipeline))];
    },
    'library.series': async ({ studyId }) => {
      await ready;
      const instances = library.studyInstances(studyId);
      if (instances === undefined) throw new HandlerError('not_found', 'study');
      return library.series(studyId, await findMissingFiles(instances)) ?? [];
    },
    'library.thumbnail': async ({ seriesId }) => {
      await ready;
      const cached = thumbnails.get(seriesId);
      if (cached !== undefined) return cached;
      const instances = library.seriesInstances(seriesId);
      if (instances === undefined) throw new HandlerError('not_found', 'series');
      const middle = instances[Math.floor(instances.length / 2)];
      const thumbnail =
        middle === undefined
          ? null
          : await renderThumbnail(middle.path, middle.header.numberOfFrames).catch(() => null);
      if (thumbnails.size >= THUMBNAILS_KEPT)
        thumbnails.delete(thumbnails.keys().next().value ?? '');
      thumbnails.set(seriesId, thumbnail);
      return thumbnail;
    },
    'library.seriesMetadata': async ({ seriesId }) => {
      await ready;
      const instances = library.seriesInstances(seriesId);
      if (instances === undefined) throw new HandlerError('not_found', 'series');
      if (instances.some((instance) => instance.header.numberOfFrames > 1)) return null;
      const present = new Set(instances.map((instance) => instance.id));
      for (const id of await findMissingFiles(instances)) present.delete(id);
      const readable = instances.filter((instance) => present.has(instance.id));
      const slices = await readInBatches(readable, (instance) => readSliceMetadata(instance.path));
      const { header } = readable[0] ?? instances[0]!;
      return {
        modality: header.modality.slice(0, 16),
        seriesInstanceUid: header.seriesInstanceUid,
        studyInstanceUid: header.studyInstanceUid,
        seriesNumber: header.seriesNumber ?? null,
        slices,
      };
    },
    'library.clear': async () => {
      await ready;
      if (running !== undefined) {
        running.controller.abort();
        await running.done;
      }
      library.clear();
      thumbnails.clear();
      await index?.compact();
      // The copies the library made are patient data too: a shared workstation keeps none.
      await Promise.all([
        rm(droppedRoot, { recursive: true, force: true }),
        rm(archiveRoot, { recursive: true, force: true }),
        rm(join(host.dataDir, 'retrieved'), { recursive: true, force: true }),
        // What the storage SCP received (it makes the folder again for the next association).
        rm(join(host.dataDir, 'received'), { recursive: true, force: true }),
      ]);
      return {};
    },
  };

  let ownImports: Promise<unknown> = Promise.resolve();
  const importOwnFiles = (paths: readonly string[]): Promise<ImportReport> => {
    const work = ownImports.then(async () => {
      for (;;) {
        while (running !== undefined) await running.done;
        try {
          return await runImport(paths);
        } catch (error) {
          // The doctor started an import in between: wait for it, then ours.
          if (!(error instanceof HandlerError && error.code === 'import_busy')) throw error;
        }
      }
    });
    ownImports = work.catch(() => undefined);
    return work;
  };

  return {
    handlers,
    library,
    ready,
    importOwnFiles,
    dispose: async () => {
      await ready;
      await index?.close();
    },
  };
}
