import { create } from 'zustand';
import type { CatalogState, ErrorCode, ServiceEligibility } from '../../preload/contract/index.js';
import { host } from '../host/host.js';

export type CatalogTab = 'all' | 'mine';

/** The synced service catalog, the user's pins ("My page") and what the open series is eligible for. */
interface CatalogStoreState {
  catalog: CatalogState | undefined;
  pinned: string[];
  open: boolean;
  tab: CatalogTab;
  search: string;
  category: string;
  selectedServiceId: string | undefined;
  /** Eligibility for the series on screen, by service id; `seriesId` says which series. */
  eligibility: { seriesId: string; byService: Record<string, ServiceEligibility> } | undefined;
  syncing: boolean;
  error: ErrorCode | undefined;
  load(): Promise<void>;
  apply(catalog: CatalogState): void;
  sync(): Promise<void>;
  loadPins(): Promise<void>;
  setPinned(serviceId: string, pinned: boolean): Promise<void>;
  loadEligibility(seriesId: string | undefined): Promise<void>;
  setOpen(open: boolean): void;
  setTab(tab: CatalogTab): void;
  setSearch(search: string): void;
  setCategory(category: string): void;
  select(serviceId: string | undefined): void;
}

export const useCatalogStore = create<CatalogStoreState>()((set, get) => ({
  catalog: undefined,
  pinned: [],
  open: false,
  tab: 'all',
  search: '',
  category: 'all',
  selectedServiceId: undefined,
  eligibility: undefined,
  syncing: false,
  error: undefined,
  async load() {
    const result = await host().invoke('catalog.state', {});
    if (result.ok) set({ catalog: result.value });
    await get().loadPins();
  },
  apply(catalog) {
    set({ catalog });
    const seriesId = get().eligibility?.seriesId;
    if (seriesId !== undefined) void get().loadEligibility(seriesId);
  },
  async sync() {
    set({ syncing: true });
    const result = await host().invoke('catalog.sync', {});
    set({
      syncing: false,
      ...(result.ok ? { catalog: result.value } : { error: result.error.code }),
    });
  },
  async loadPins() {
    const result = await host().invoke('catalog.pins', {});
    set({ pinned: result.ok ? result.value.pinned : [] });
  },
  async setPinned(serviceId, pinned) {
    const result = await host().invoke('catalog.setPinned', { serviceId, pinned });
    if (result.ok) set({ pinned: result.value.pinned, error: undefined });
    else set({ error: result.error.code });
  },
  async loadEligibility(seriesId) {
    if (seriesId === undefined) {
      set({ eligibility: undefined });
      return;
    }
    const result = await host().invoke('catalog.eligibility', { seriesId });
    if (!result.ok) {
      set({ eligibility: undefined });
      return;
    }
    set({
      eligibility: {
        seriesId,
        byService: Object.fromEntries(result.value.map((entry) => [entry.serviceId, entry])),
      },
    });
  },
  setOpen: (open) => set({ open }),
  setTab: (tab) => set({ tab, selectedServiceId: undefined }),
  setSearch: (search) => set({ search }),
  setCategory: (category) => set({ category }),
  select: (selectedServiceId) => set({ selectedServiceId }),
}));
