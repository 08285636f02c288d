/**
 * The PACS side of the study browser: the nodes, a running remote search and its rows as they
 * arrive, a study's series, and the retrieves with their progress. Main does the work; this
 * keeps what the screen shows of it.
 */
import { create } from 'zustand';
import type {
  EchoOutcome,
  PacsProblem,
  PacsSettings,
  PacsSettingsView,
  RemoteQuery,
  RemoteSeries,
  RemoteStudy,
  RetrieveProgress,
} from '../../preload/contract/index.js';
import { host } from '../host/host.js';
import { useLibraryStore } from './libraryStore.js';

/** A failed request's reason as a `pacs.problem.*` or `error.*` key. */
export type PacsMessage = { problem: PacsProblem } | { error: string };

interface PacsState {
  settings: PacsSettingsView | undefined;
  nodeId: string | undefined;
  queryId: string | undefined;
  searching: boolean;
  results: RemoteStudy[];
  /** Why the last search ended early (cancelled, too many results, the node's problem). */
  searchProblem: PacsProblem | undefined;
  /** Series of the studies opened in the result list, by Study Instance UID. */
  series: Record<string, RemoteSeries[] | 'loading' | { problem: PacsProblem }>;
  retrieves: RetrieveProgress[];
  message: PacsMessage | undefined;
  load(): Promise<void>;
  chooseNode(nodeId: string): void;
  search(query: RemoteQuery): Promise<void>;
  cancelSearch(): Promise<void>;
  toggleSeries(studyInstanceUid: string): Promise<void>;
  retrieve(studyInstanceUid: string, seriesInstanceUid?: string): Promise<void>;
  cancelRetrieve(retrieveId: string): Promise<void>;
  retry(retrieveId: string): Promise<void>;
  /** Opens a retrieved study in the viewer. */
  open(studyId: string): Promise<void>;
  saveSettings(next: PacsSettings): Promise<PacsSettingsView | undefined>;
  setSecret(nodeId: string, secret: string): Promise<boolean>;
  echo(nodeId: string): Promise<EchoOutcome | undefined>;
  /** Stops the search and drops its rows (the screen locks; the next user must not see them). */
  forget(): void;
  onQueryPage(page: {
    queryId: string;
    studies: RemoteStudy[];
    done: boolean;
    problem?: PacsProblem;
  }): void;
  onRetrieveProgress(progress: RetrieveProgress): void;
}

const problemOfDetail = (detail: string | undefined): PacsMessage =>
  detail !== undefined && /^[a-z_]+$/.test(detail)
    ? { problem: detail as PacsProblem }
    : { error: 'pacs_failed' };

type QueryPage = Parameters<PacsState['onQueryPage']>[0];
const early: QueryPage[] = [];

export const usePacsStore = create<PacsState>()((set, get) => ({
  settings: undefined,
  nodeId: undefined,
  queryId: undefined,
  searching: false,
  results: [],
  searchProblem: undefined,
  series: {},
  retrieves: [],
  message: undefined,

  async load() {
    const [settings, retrieves] = await Promise.all([
      host().invoke('pacs.settings', {}),
      host().invoke('pacs.retrieves', {}),
    ]);
    if (settings.ok) {
      const nodes = settings.value.nodes;
      const current = get().nodeId;
      set({
        settings: settings.value,
        nodeId: nodes.some((node) => node.id === current) ? current : nodes[0]?.id,
      });
    }
    if (retrieves.ok) set({ retrieves: retrieves.value });
  },

  chooseNode(nodeId) {
    set({ nodeId, results: [], series: {}, searchProblem: undefined });
  },

  async search(query) {
    const nodeId = get().nodeId;
    if (nodeId === undefined) return;
    await get().cancelSearch();
    set({
      results: [],
      series: {},
      searching: true,
      searchProblem: undefined,
      message: undefined,
      queryId: undefined,
    });
    const started = await host().invoke('pacs.query', { nodeId, query });
    if (!started.ok) {
      set({ searching: false, message: problemOfDetail(started.error.detail) });
      return;
    }
    set({ queryId: started.value.queryId });
    // Pages that came before the answer naming the query (events and answers share one channel, but be safe).
    for (const page of early.splice(0)) get().onQueryPage(page);
  },

  async cancelSearch() {
    const queryId = get().queryId;
    if (queryId !== undefined && get().searching)
      await host().invoke('pacs.cancelQuery', { queryId });
  },

  forget() {
    void get().cancelSearch();
    set({
      results: [],
      series: {},
      queryId: undefined,
      searching: false,
      searchProblem: undefined,
    });
  },

  onQueryPage(page) {
    if (page.queryId !== get().queryId) {
      if (get().searching && get().queryId === undefined && early.length < 100) early.push(page);
      return;
    }
    set((state) => ({
      results: page.studies.length === 0 ? state.results : [...state.results, ...page.studies],
      searching: !page.done,
      ...(page.done ? { searchProblem: page.problem } : {}),
    }));
  },

  async toggleSeries(studyInstanceUid) {
    const nodeId = get().nodeId;
    if (nodeId === undefined) return;
    if (get().series[studyInstanceUid] !== undefined) {
      const rest = Object.fromEntries(
        Object.entries(get().series).filter(([uid]) => uid !== studyInstanceUid),
      );
      set({ series: rest });
      return;
    }
    set((state) => ({ series: { ...state.series, [studyInstanceUid]: 'loading' } }));
    const result = await host().invoke('pacs.series', { nodeId, studyInstanceUid });
    const value = result.ok
      ? [...result.value].sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0))
      : {
          problem:
            (problemOfDetail(result.error.detail) as { problem?: PacsProblem }).problem ??
            'protocol_error',
        };
    set((state) => ({ series: { ...state.series, [studyInstanceUid]: value } }));
  },

  async retrieve(studyInstanceUid, seriesInstanceUid) {
    const nodeId = get().nodeId;
    if (nodeId === undefined) return;
    const result = await host().invoke('pacs.retrieve', {
      nodeId,
      studyInstanceUid,
      ...(seriesInstanceUid === undefined ? {} : { seriesInstanceUid }),
    });
    if (!result.ok) set({ message: { error: result.error.code } });
  },

  async cancelRetrieve(retrieveId) {
    await host().invoke('pacs.cancelRetrieve', { retrieveId });
  },

  async retry(retrieveId) {
    await host().invoke('pacs.retryRetrieve', { retrieveId });
  },

  onRetrieveProgress(progress) {
    const known = get().retrieves.some((one) => one.retrieveId === progress.retrieveId);
    set((state) => ({
      retrieves: known
        ? state.retrieves.map((one) => (one.retrieveId === progress.retrieveId ? progress : one))
        : [...state.retrieves, progress],
    }));
    // A study arrived in the library: the list shows it at once.
    if (progress.state === 'completed' || progress.state === 'incomplete')
      void useLibraryStore.getState().refreshResults();
  },

  async open(studyId) {
    await useLibraryStore.getState().refreshResults();
    await useLibraryStore.getState().selectStudy(studyId);
  },

  async saveSettings(next) {
    const result = await host().invoke('pacs.updateSettings', next);
    if (!result.ok) {
      set({ message: { error: result.error.code } });
      return undefined;
    }
    set({ settings: result.value, message: undefined });
    if (!result.value.nodes.some((node) => node.id === get().nodeId))
      set({ nodeId: result.value.nodes[0]?.id });
    return result.value;
  },

  async setSecret(nodeId, secret) {
    const result = await host().invoke('pacs.setNodeSecret', { nodeId, secret });
    if (!result.ok) set({ message: problemOfDetail(result.error.detail) });
    return result.ok;
  },

  async echo(nodeId) {
    const result = await host().invoke('pacs.echo', { nodeId });
    return result.ok ? result.value : undefined;
  },
}));

/** Main's pacs events into the store; returns the unsubscribe. */
export function listenToPacsEvents(): () => void {
  const offs = [
    host().on('pacs.queryPage', (page) => usePacsStore.getState().onQueryPage(page)),
    host().on('pacs.retrieveProgress', (progress) =>
      usePacsStore.getState().onRetrieveProgress(progress),
    ),
    host().on('pacs.received', () => void useLibraryStore.getState().refreshResults()),
  ];
  return () => {
    for (const off of offs) off();
  };
}
