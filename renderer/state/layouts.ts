import type { SeriesDetail } from '../../preload/contract/index.js';

export type LayoutId = '1x1' | '1x2' | '2x2' | '1x3';
export const LAYOUTS: readonly LayoutId[] = ['1x1', '1x2', '2x2', '1x3'];

/** What a cell shows: the series as acquired (stack) or a plane through its volume. */
export type CellView = 'stack' | 'axial' | 'sagittal' | 'coronal';
/** How a volume plane is drawn: one slice, or a slab projected (PS3.3 C.8.31 style MIP/MinIP/AvgIP). */
export type Projection = 'slice' | 'mip' | 'minip' | 'average';
export const PROJECTIONS: readonly Projection[] = ['slice', 'mip', 'minip', 'average'];

export interface CellSpec {
  /** Viewport id, stable while the cell shows the same thing, so measurements stay attached. */
  id: string;
  seriesId: string;
  view: CellView;
  projection: Projection;
}

export function cellCount(layout: LayoutId): number {
  return layout === '1x1' ? 1 : layout === '1x2' ? 2 : layout === '1x3' ? 3 : 4;
}

export function gridOf(layout: LayoutId): { columns: number; rows: number } {
  if (layout === '2x2') return { columns: 2, rows: 2 };
  return { columns: cellCount(layout), rows: 1 };
}

export function cellId(spec: Omit<CellSpec, 'id'>, slot: number): string {
  return `vp-${slot}-${spec.view}-${spec.projection}`;
}

export function makeCell(
  seriesId: string,
  view: CellView,
  projection: Projection,
  slot: number,
): CellSpec {
  return { id: cellId({ seriesId, view, projection }, slot), seriesId, view, projection };
}

/**
 * Time-of-flight MR angiography: a read starts on the MIP. Recognised by the words scanners put
 * in Series Description or Sequence Name (Siemens "*fl3d1r_t70", GE "TOF", Philips "inflow").
 */
export function isAngiography(series: SeriesDetail): boolean {
  if (series.modality !== 'MR') return false;
  const text = `${series.description} ${series.sequenceName ?? ''}`;
  // Siemens TOF is "*fl3d1r_t70"; its MPRAGE "*tfl3d1_16ns" must not match.
  return /\btof\b|tof[_\s-]|angio|\bmra\b|inflow|(?<![a-z])fl3d\d*r/i.test(text);
}

/** Hanging defaults per modality: what a radiologist sees first when a series opens. */
export function hangingFor(series: SeriesDetail): { layout: LayoutId; cells: CellSpec[] } {
  if (isAngiography(series) && series.imageCount >= 8) {
    return {
      layout: '1x2',
      cells: [makeCell(series.id, 'axial', 'mip', 0), makeCell(series.id, 'stack', 'slice', 1)],
    };
  }
  return { layout: '1x1', cells: [makeCell(series.id, 'stack', 'slice', 0)] };
}

/** The three orthogonal planes through one volume, with crosshairs between them. */
export function mprFor(seriesId: string): { layout: LayoutId; cells: CellSpec[] } {
  return {
    layout: '1x3',
    cells: [
      makeCell(seriesId, 'axial', 'slice', 0),
      makeCell(seriesId, 'sagittal', 'slice', 1),
      makeCell(seriesId, 'coronal', 'slice', 2),
    ],
  };
}

/** A new layout keeps the cells that still fit and fills new ones with the stack of the series. */
export function relayout(
  layout: LayoutId,
  cells: readonly CellSpec[],
  seriesId: string,
): CellSpec[] {
  const next: CellSpec[] = [];
  for (let slot = 0; slot < cellCount(layout); slot++) {
    next.push(cells[slot] ?? makeCell(seriesId, 'stack', 'slice', slot));
  }
  return next;
}
