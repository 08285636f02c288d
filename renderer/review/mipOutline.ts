/**
 * The angiography view of the review: a maximum intensity projection of the whole series (the
 * way TOF-MRA is read) with each segment's outline projected onto it. A labelmap cannot be
 * "maximum-projected" by cornerstone's labelmap renderer, so the outline is computed here: the
 * union of the segment over all slices, its pixel-edge boundary in patient coordinates
 * (PS3.3 C.7.6.2.1.1: position + column index x row cosines x column spacing + row index x
 * column cosines x row spacing), and each edge mapped to the MIP viewport's canvas.
 */
import {
  Enums,
  metaData,
  setVolumesForViewports,
  type RenderingEngine,
  type Types,
} from '@cornerstonejs/core';
import type { ReviewLabelmap, SeriesDetail } from '../../preload/contract/index.js';
import { cornerstoneReady } from '../viewer/cornerstone.js';
import { seriesVolume } from '../viewer/seriesVolume.js';

export const MIP_VIEWPORT_ID = 'review-mip';

type Edge = [Types.Point3, Types.Point3];

export class MipController {
  private engine: RenderingEngine | undefined;
  private edges = new Map<number, Edge[]>();

  async attach(element: HTMLDivElement): Promise<void> {
    this.engine = await cornerstoneReady();
    this.engine.enableElement({
      viewportId: MIP_VIEWPORT_ID,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element,
      defaultOptions: { background: [0, 0, 0], orientation: Enums.OrientationAxis.AXIAL },
    });
  }

  /** The pane changed size: cornerstone's canvas follows, the camera kept (outlines are redrawn on the render). */
  resize(): void {
    this.engine?.resize(true, true);
  }

  detach(): void {
    if (this.engine?.getViewport(MIP_VIEWPORT_ID) !== undefined)
      this.engine.disableElement(MIP_VIEWPORT_ID);
  }

  private viewport(): Types.IVolumeViewport | undefined {
    return this.engine?.getViewport(MIP_VIEWPORT_ID) as Types.IVolumeViewport | undefined;
  }

  async show(series: SeriesDetail): Promise<void> {
    const volume = await seriesVolume(series);
    if (this.engine === undefined || this.viewport() === undefined) return;
    await setVolumesForViewports(this.engine, [{ volumeId: volume.volumeId }], [MIP_VIEWPORT_ID]);
    const viewport = this.viewport();
    if (viewport === undefined) return;
    viewport.setBlendMode(Enums.BlendModes.MAXIMUM_INTENSITY_BLEND);
    // Thicker than any head: the slab holds the whole series.
    viewport.setSlabThickness(10_000);
    viewport.render();
  }

  /** Boundary edges of each segment's union over the slices, in patient coordinates. */
  project(labelmap: ReviewLabelmap, referenceImageId: string): void {
    const plane = metaData.get('imagePlaneModule', referenceImageId) as
      | {
          imagePositionPatient?: number[];
          rowCosines?: number[];
          columnCosines?: number[];
          rowPixelSpacing?: number;
          columnPixelSpacing?: number;
        }
      | undefined;
    const origin = plane?.imagePositionPatient;
    const row = plane?.rowCosines;
    const column = plane?.columnCosines;
    if (origin === undefined || row === undefined || column === undefined) return;
    const dx = plane?.columnPixelSpacing ?? 1;
    const dy = plane?.rowPixelSpacing ?? 1;
    const { rows, columns } = labelmap;
    const union = new Uint8Array(rows * columns);
    for (const frame of labelmap.frames)
      for (let i = 0; i < union.length; i++)
        if (frame.labels[i]! > union[i]!) union[i] = frame.labels[i]!;
    // Corner (c, r) of the pixel grid: pixel centres are at whole indices, so corners at -0.5.
    const corner = (c: number, r: number): Types.Point3 =>
      [0, 1, 2].map(
        (axis) => origin[axis]! + row[axis]! * dx * (c - 0.5) + column[axis]! * dy * (r - 0.5),
      ) as Types.Point3;
    const label = (c: number, r: number): number =>
      c < 0 || r < 0 || c >= columns || r >= rows ? 0 : union[r * columns + c]!;
    this.edges.clear();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        const value = label(c, r);
        if (value === 0) continue;
        const list = this.edges.get(value) ?? [];
        if (label(c, r - 1) !== value) list.push([corner(c, r), corner(c + 1, r)]);
        if (label(c, r + 1) !== value) list.push([corner(c, r + 1), corner(c + 1, r + 1)]);
        if (label(c - 1, r) !== value) list.push([corner(c, r), corner(c, r + 1)]);
        if (label(c + 1, r) !== value) list.push([corner(c + 1, r), corner(c + 1, r + 1)]);
        this.edges.set(value, list);
      }
    }
  }

  /** SVG path data per segment in the viewport's canvas pixels, for the current camera. */
  outlinePaths(): { segment: number; d: string }[] {
    const viewport = this.viewport();
    if (viewport === undefined) return [];
    return [...this.edges.entries()].map(([segment, edges]) => ({
      segment,
      d: edges
        .map(([a, b]) => {
          const [ax, ay] = viewport.worldToCanvas(a);
          const [bx, by] = viewport.worldToCanvas(b);
          return `M${ax.toFixed(1)} ${ay.toFixed(1)}L${bx.toFixed(1)} ${by.toFixed(1)}`;
        })
        .join(''),
    }));
  }

  canvasPoint(point: Types.Point3): [number, number] | undefined {
    const viewport = this.viewport();
    if (viewport === undefined) return undefined;
    const [x, y] = viewport.worldToCanvas(point);
    return [x, y];
  }

  element(): HTMLDivElement | undefined {
    return this.viewport()?.element;
  }
}
