import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppInfo, Channel, EventName, EventPayload, ImportReport, RequestOf, ResponseOf } from '../preload/contract.js';
import { HandlerError } from './errors.js';
import { importStudies } from './library/importStudies.js';
import { StudyLibrary } from './library/studyLibrary.js';
import type { SettingsStore } from './settings/settingsStore.js';
import { writeFileAtomic } from './storage/atomicWrite.js';

/** What a host (the Electron shell or the dev host) provides to the main-process handlers. */
export interface HostServices {
  info: AppInfo;
  /** Data folder of this installation (settings, copied drops). */
  dataDir: string;
  settings: SettingsStore;
  /** Native folder picker; absent where the host has none (dev host). */
  pickFolders?: () => Promise<string[] | null>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export type Handlers = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export interface MainServices {
  handlers: Handlers;
  library: StudyLibrary;
}

/** Binds every channel of the contract to plain Node code. Requests arrive already validated. */
export function createHandlers(host: HostServices): MainServices {
  const library = new StudyLibrary();
  let running: AbortController | undefined;

  const runImport = async (paths: string[]): Promise<ImportReport> => {
    if (running !== undefined) throw new HandlerError('import_busy');
    const controller = new AbortController();
    running = controller;
    try {
      return await importStudies(library, paths, {
        signal: controller.signal,
        onProgress: (progress) => host.emit('library.importProgress', progress),
      });
    } finally {
      running = undefined;
    }
  };

  const handlers: Handlers = {
    'app.info': async () => host.info,
    'settings.get': async () => host.settings.get(),
    'settings.update': async (change) => host.settings.update(change),
    'library.pickAndImport': async () => {
      if (host.pickFolders === undefined) throw new HandlerError('dialog_unavailable');
      const paths = await host.pickFolders();
      return paths === null || paths.length === 0 ? null : runImport(paths);
    },
    'library.importPaths': async ({ paths }) => runImport(paths),
    'library.importFiles': async ({ files }) => {
      // Dropped files have no path in a browser: keep a copy in the library folder, then import it.
      const folder = join(host.dataDir, 'dropped', `${Date.now()}-${randomBytes(4).toString('hex')}`);
      await Promise.all(
        files.map((file, index) => writeFileAtomic(join(folder, `${index}-${safeName(file.name)}`), file.bytes)),
      );
      return runImport([folder]);
    },
    'library.cancelImport': async () => {
      running?.abort();
      return { cancelled: running !== undefined };
    },
    'library.studies': async () => library.studies(),
    'library.series': async ({ studyId }) => {
      const series = library.series(studyId);
      if (series === undefined) throw new HandlerError('not_found', 'study');
      return series;
    },
    'library.clear': async () => {
      running?.abort();
      library.clear();
      return {};
    },
  };
  return { handlers, library };
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]/g, '_').slice(0, 100) || 'file';
}
