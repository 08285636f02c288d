import { create } from 'zustand';
import type { CellSpec, LayoutId } from './layouts.js';
import type { WindowPresetId } from './windowPresets.js';

/** The tool the left mouse button does; the viewer binds it to cornerstone's tool. */
export type PrimaryTool =
  | 'windowLevel'
  | 'pan'
  | 'zoom'
  | 'length'
  | 'angle'
  | 'ellipse'
  | 'rectangle'
  | 'probe'
  | 'arrow'
  | 'rotate'
  | 'crosshairs';

export type ViewerStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What one viewport shows; written by its controller only, read by its corner text. */
export interface ViewportReadout {
  status: ViewerStatus;
  index: number;
  count: number;
  windowCenter: number | undefined;
  windowWidth: number | undefined;
  zoomPercent: number;
  /** Patient-direction letters at the viewport edges (PS3.3 C.7.6.1.1.1), e.g. top 'A'. */
  orientation: { top: string; bottom: string; left: string; right: string } | undefined;
  /** Volume viewports: how many of the volume's slices have arrived. */
  loaded: number | undefined;
  /** Whether cine is playing through this viewport's slices. */
  cine: boolean;
}

export const EMPTY_READOUT: ViewportReadout = {
  status: 'idle',
  index: 0,
  count: 0,
  windowCenter: undefined,
  windowWidth: undefined,
  zoomPercent: 100,
  orientation: undefined,
  loaded: undefined,
  cine: false,
};

export type SyncKind = 'scroll' | 'zoomPan' | 'windowLevel';

/** Findings about a series' geometry that change how a reader must trust MPR and distances. */
export interface GeometryNotice {
  seriesId: string;
  /** Gantry/detector tilt in degrees between the slice normal and the slice stacking direction. */
  tiltDegrees: number | undefined;
  /** Smallest and largest gap between neighbouring slices, mm, when they differ. */
  unevenSpacing: { min: number; max: number } | undefined;
}

interface ViewerState {
  layout: LayoutId;
  cells: CellSpec[];
  activeCell: number;
  readouts: Record<string, ViewportReadout>;
  primaryTool: PrimaryTool;
  preset: WindowPresetId;
  /** Corner text on or off; some readers hide it to see the image edges. */
  showOverlay: boolean;
  /** DICOM overlay planes (60xx graphics and ROIs stored in the image) drawn or hidden. */
  showDicomOverlays: boolean;
  /** The scale bar (a ruler in cm or mm) drawn in every viewport or none. */
  showScaleBar: boolean;
  showHelp: boolean;
  sync: Record<SyncKind, boolean>;
  /** Slab thickness of MIP / MinIP / average projections, mm. */
  slabMm: number;
  geometry: GeometryNotice | undefined;
  /** Bumped whenever an annotation is added, changed or removed, so lists re-read them. */
  annotationsVersion: number;
  update(change: Partial<Omit<ViewerState, 'update' | 'updateReadout'>>): void;
  updateReadout(viewportId: string, change: Partial<ViewportReadout>): void;
}

export const useViewerStore = create<ViewerState>()((set) => ({
  layout: '1x1',
  cells: [],
  activeCell: 0,
  readouts: {},
  primaryTool: 'windowLevel',
  preset: 'default',
  showOverlay: true,
  showDicomOverlays: true,
  showScaleBar: false,
  showHelp: false,
  sync: { scroll: true, zoomPan: false, windowLevel: false },
  slabMm: 20,
  geometry: undefined,
  annotationsVersion: 0,
  update: (change) => set(change),
  updateReadout: (viewportId, change) =>
    set((state) => ({
      readouts: {
        ...state.readouts,
        [viewportId]: { ...(state.readouts[viewportId] ?? EMPTY_READOUT), ...change },
      },
    })),
}));

/** The smallest state a viewport's overlay needs: its own readout. */
export function useReadout(viewportId: string): ViewportReadout {
  return useViewerStore((state) => state.readouts[viewportId] ?? EMPTY_READOUT);
}
