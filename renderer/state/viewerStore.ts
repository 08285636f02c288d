import { create } from 'zustand';
import type { PrimaryTool } from '../viewer/cornerstone.js';
import type { WindowPresetId } from '../viewer/windowPresets.js';

export type ViewerStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What the corner text, slider and toolbar show; written by the stack controller only. */
interface ViewerState {
  status: ViewerStatus;
  index: number;
  count: number;
  windowCenter: number | undefined;
  windowWidth: number | undefined;
  zoomPercent: number;
  primaryTool: PrimaryTool;
  preset: WindowPresetId;
  /** Corner text on or off; some readers hide it to see the image edges. */
  showOverlay: boolean;
  update(change: Partial<Omit<ViewerState, 'update'>>): void;
}

export const useViewerStore = create<ViewerState>()((set) => ({
  status: 'idle',
  index: 0,
  count: 0,
  windowCenter: undefined,
  windowWidth: undefined,
  zoomPercent: 100,
  primaryTool: 'windowLevel',
  preset: 'default',
  showOverlay: true,
  update: (change) => set(change),
}));
