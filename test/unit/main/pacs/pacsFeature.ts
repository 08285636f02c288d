/**
 * The library and pacs features over one data folder, as main/handlers.ts builds them, with the
 * events they emit collected: what the orchestration tests drive.
 */
import type {
  EventName,
  EventPayload,
  RetrieveProgress,
} from '../../../../preload/contract/index.js';
import { createLibraryHandlers } from '../../../../main/library/index.js';
import { createPacsHandlers } from '../../../../main/pacs/index.js';
import { SettingsStore } from '../../../../main/settings/index.js';

export function pacsFeature(dataDir: string) {
  const events: { name: EventName; payload: unknown }[] = [];
  const host = {
    info: {
      name: 'Mitate',
      version: 'test',
      host: 'devhost' as const,
      platform: process.platform,
      nativeDialogs: false,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) =>
      void events.push({ name, payload }),
  };
  const library = createLibraryHandlers(host);
  const pacs = createPacsHandlers(host, { importOwnFiles: library.importOwnFiles });
  const addNode = async (baseUrl: string): Promise<string> => {
    const saved = await pacs.handlers['pacs.updateSettings']({
      local: (await pacs.handlers['pacs.settings']({})).local,
      nodes: [{ kind: 'dicomweb', id: 'new-1', label: 'Test', baseUrl, auth: 'none' }],
    });
    return saved.nodes[0]!.id;
  };
  /** Every query page until the last one. */
  const query = async (nodeId: string, query: Record<string, string> = {}) => {
    const { queryId } = await pacs.handlers['pacs.query']({ nodeId, query });
    for (;;) {
      const pages = events
        .filter((event) => event.name === 'pacs.queryPage')
        .map((event) => event.payload as EventPayload<'pacs.queryPage'>)
        .filter((page) => page.queryId === queryId);
      if (pages.some((page) => page.done)) return pages;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** Polls the retrieve list until `until` holds for the retrieve. */
  const retrieveUntil = async (
    retrieveId: string,
    until: (progress: RetrieveProgress) => boolean,
  ) => {
    for (;;) {
      const found = (await pacs.handlers['pacs.retrieves']({})).find(
        (one) => one.retrieveId === retrieveId,
      );
      if (found !== undefined && until(found)) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const finished = (progress: RetrieveProgress) =>
    ['completed', 'incomplete', 'failed', 'cancelled'].includes(progress.state);
  return { events, library, pacs, addNode, query, retrieveUntil, finished };
}
