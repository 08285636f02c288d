/**
 * Drives one cornerstone orthographic volume viewport: an axial, sagittal or coronal plane
 * through a series (MPR), or a slab projection of it (MIP, MinIP, average) that can be turned
 * around the patient's long axis, as angiography is read.
 */
import {
  cache,
  Enums,
  metaData,
  type RenderingEngine,
  type Types,
  utilities,
  type VolumeViewport,
} from '@cornerstonejs/core';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { MPR_TOOL_GROUP_ID, PROJECTION_TOOL_GROUP_ID } from './cornerstone.js';
import type { CellView, Projection } from '../state/layouts.js';
import {
  afterPaint,
  attachVolume,
  middleSliceIn,
  onVolumeProgress,
  seriesVolume,
} from './seriesVolume.js';
import { ViewportController } from './viewportController.js';
import { previewMiddleSlice } from './volumePreview.js';
import { slicesReadInWorker } from './volumeStreaming/workerStreamedVolume.js';
import { resolvePreset, type WindowPresetId } from '../state/windowPresets.js';
import { spinCamera, type Vec3, type VolumeBox } from './projectionSpin.js';

const ORIENTATION: Record<Exclude<CellView, 'stack'>, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

const BLEND: Record<Projection, Enums.BlendModes> = {
  slice: Enums.BlendModes.COMPOSITE,
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

/** How many times the "slices loaded" count is updated while a volume streams in. */
const READOUT_STEPS = 50;

export class VolumeController extends ViewportController {
  private volumeId: string | undefined;
  private stopProgress: (() => void) | undefined;
  private loadedSlices = 0;
  private removePreview: (() => void) | undefined;
  /** Whether the preview is on screen: the middle slice has reached the volume, the next draw has it. */
  private previewShown = false;
  /** false from the volume's completion until the draw after it (`volumeDrawnMs`). */
  private drawnWhole: boolean | undefined;

  constructor(
    viewportId: string,
    private readonly view: Exclude<CellView, 'stack'>,
    private projection: Projection,
  ) {
    super(viewportId, projection === 'slice' ? MPR_TOOL_GROUP_ID : PROJECTION_TOOL_GROUP_ID);
  }

  protected enable(engine: RenderingEngine, element: HTMLDivElement): void {
    engine.enableElement({
      viewportId: this.viewportId,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element,
      defaultOptions: { background: [0, 0, 0], orientation: ORIENTATION[this.view] },
    });
  }

  override detach(): void {
    this.endPreview();
    this.stopProgress?.();
    this.stopProgress = undefined;
    super.detach();
  }

  private volumeViewport(): VolumeViewport | undefined {
    return this.viewport() as VolumeViewport | undefined;
  }

  protected async show(series: SeriesDetail, token: number): Promise<void> {
    const engine = this.engine;
    if (engine === undefined) return;
    const volume = await seriesVolume(series);
    if (token !== this.loadToken || this.volumeViewport() === undefined) return;
    this.volumeId = volume.volumeId;
    this.loadedSlices = 0;
    if (this.element !== undefined)
      this.element.dataset['volumeSlices'] = String(volume.imageIds.length);
    this.endPreview();
    const element = this.element;
    if (element !== undefined) delete element.dataset['previewMs'];
    if (
      element !== undefined &&
      this.view === 'axial' &&
      this.projection === 'slice' &&
      volume.loadStatus?.loaded !== true
    ) {
      // The reader sees the middle slice as soon as it is decoded, not after the plane's first
      // draw (software GL: a second or two later, see volumePreview.ts).
      this.removePreview = previewMiddleSlice(element, volume, () => {
        this.previewShown = true;
        // Measured once it is painted, as the reader sees it.
        void afterPaint().then(() => {
          if (token === this.loadToken)
            element.dataset['previewMs'] = performance
              .measure(`mitate:preview:${this.viewportId}`, `mitate:series-open:${this.viewportId}`)
              .duration.toFixed(1);
        });
      });
    }
    this.stopProgress?.();
    const markLoaded = (): void => {
      if (this.element !== undefined && token === this.loadToken) {
        this.element.dataset['volumeLoadedMs'] = performance
          .measure(`mitate:volume:${this.viewportId}`, `mitate:series-open:${this.viewportId}`)
          .duration.toFixed(1);
        this.drawnWhole = false;
        this.element.dataset['slicesFromWorker'] = String(slicesReadInWorker(volume.volumeId) ?? 0);
      }
    };
    let shown = 0;
    this.stopProgress = onVolumeProgress(volume.volumeId, (loaded, total, complete) => {
      this.loadedSlices = loaded;
      // The count on screen moves in steps of 2 %: a store update (and a render of each plane's
      // corner text) per slice is work the page need not do while 600 slices come in.
      if (complete || shown === 0 || loaded - shown >= total / READOUT_STEPS) {
        shown = loaded;
        this.readout({ loaded });
      }
      if (complete) markLoaded();
    });
    await middleSliceIn(volume);
    if (token !== this.loadToken || this.volumeViewport() === undefined) return;
    await attachVolume(engine, volume.volumeId, this.viewportId);
    if (token !== this.loadToken) return;
    this.setProjection(this.projection, useViewerStore.getState().slabMm);
    if (volume.loadStatus?.loaded === true) {
      // Another viewport loaded this series' volume already.
      this.loadedSlices = volume.imageIds.length;
      this.readout({ loaded: this.loadedSlices });
      markLoaded();
    }
  }

  protected override onRendered(): void {
    const element = this.element;
    const waiting = element?.dataset['firstImageMs'] === '';
    super.onRendered();
    // For tests and benchmarks: how many slices had arrived when the plane was first drawn.
    if (element !== undefined && waiting && element.dataset['firstImageMs'] !== '') {
      element.dataset['slicesAtFirstImage'] = String(this.loadedSlices);
    }
    if (this.previewShown) this.endPreview();
    // For benchmarks: the first draw once every slice is in, the whole volume on screen.
    if (element !== undefined && this.drawnWhole === false) {
      this.drawnWhole = true;
      element.dataset['volumeDrawnMs'] = performance
        .measure(`mitate:volume-drawn:${this.viewportId}`, `mitate:series-open:${this.viewportId}`)
        .duration.toFixed(1);
    }
  }

  private endPreview(): void {
    this.removePreview?.();
    this.removePreview = undefined;
    this.previewShown = false;
  }

  protected hasImage(): boolean {
    return this.loadedSlices > 0;
  }

  /** Slab projection mode and thickness; a full-volume MIP uses the volume's whole depth. */
  setProjection(projection: Projection, slabMm: number): void {
    const viewport = this.volumeViewport();
    if (viewport === undefined) return;
    this.projection = projection;
    viewport.setBlendMode(BLEND[projection]);
    if (projection === 'slice') viewport.resetSlabThickness();
    else viewport.setSlabThickness(Math.max(0.1, slabMm));
    viewport.render();
  }

  /** The volume's box in patient space, for turning a projection about its centre. */
  private volumeBox(): VolumeBox | undefined {
    const data =
      this.volumeId === undefined ? undefined : this.volumeViewport()?.getImageData(this.volumeId);
    if (data === undefined) return undefined;
    const { dimensions, spacing, direction } = data;
    const centre = data.imageData.indexToWorld(
      dimensions.map((size) => (size - 1) / 2) as Types.Point3,
    ) as Types.Point3;
    const edge = (axis: number): Vec3 => [
      direction[axis * 3]! * dimensions[axis]! * spacing[axis]!,
      direction[axis * 3 + 1]! * dimensions[axis]! * spacing[axis]!,
      direction[axis * 3 + 2]! * dimensions[axis]! * spacing[axis]!,
    ];
    return { centre, edges: [edge(0), edge(1), edge(2)] };
  }

  /** Turns a projection about the screen's vertical through the volume's centre (projectionSpin.ts). */
  spin(degrees: number): void {
    const viewport = this.volumeViewport();
    const box = this.volumeBox();
    if (viewport === undefined || box === undefined) return;
    const { viewPlaneNormal, viewUp, focalPoint, position } = viewport.getCamera();
    if (
      viewPlaneNormal === undefined ||
      viewUp === undefined ||
      focalPoint === undefined ||
      position === undefined
    )
      return;
    const turned = spinCamera({ viewPlaneNormal, viewUp, focalPoint, position }, box, degrees);
    viewport.setCamera({
      viewPlaneNormal: [...turned.viewPlaneNormal],
      viewUp: [...turned.viewUp],
      focalPoint: [...turned.focalPoint],
      position: [...turned.position],
    });
    // cornerstone moves the slab's clipping planes only when the focal point leaves the plane or
    // the view-up changes; a turn about the view-up does neither, so the slab would stay behind.
    viewport.updateCameraClippingPlanesAndRange();
    viewport.render();
  }

  /** cornerstone's slice index through the volume along the current view. */
  private volumeSlice(): { index: number; count: number } {
    const viewport = this.volumeViewport();
    if (viewport === undefined) return { index: 0, count: 0 };
    try {
      const data = utilities.getImageSliceDataForVolumeViewport(
        viewport as unknown as Parameters<typeof utilities.getImageSliceDataForVolumeViewport>[0],
      );
      return { index: data?.imageIndex ?? 0, count: data?.numberOfSlices ?? 0 };
    } catch {
      return { index: 0, count: 0 };
    }
  }

  /**
   * In the acquisition plane, slices are numbered as the source images are, so "slice 29" is the
   * same image in the stack and in the MPR. cornerstone counts along the view normal, which for
   * a series stored feet-first runs the other way.
   */
  private sourceOrderReversed(): boolean | undefined {
    const viewport = this.volumeViewport();
    const volume = this.volumeId === undefined ? undefined : cache.getVolume(this.volumeId);
    if (
      this.view !== 'axial' ||
      viewport === undefined ||
      volume === undefined ||
      volume.imageIds.length < 2
    )
      return undefined;
    const first = metaData.get('imagePlaneModule', volume.imageIds[0]!) as
      | { imagePositionPatient?: number[] }
      | undefined;
    const last = metaData.get('imagePlaneModule', volume.imageIds[volume.imageIds.length - 1]!) as
      | { imagePositionPatient?: number[] }
      | undefined;
    const normal = viewport.getCamera().viewPlaneNormal;
    if (
      first?.imagePositionPatient === undefined ||
      last?.imagePositionPatient === undefined ||
      normal === undefined
    )
      return undefined;
    const along = [0, 1, 2].reduce(
      (sum, axis) =>
        sum +
        (last.imagePositionPatient![axis]! - first.imagePositionPatient![axis]!) * normal[axis]!,
      0,
    );
    return along < 0;
  }

  protected position(): { index: number; count: number } {
    const { index, count } = this.volumeSlice();
    return this.sourceOrderReversed() === true
      ? { index: count - 1 - index, count }
      : { index, count };
  }

  scrollBy(delta: number): void {
    const { index } = this.position();
    this.scrollTo(index + delta);
  }

  scrollTo(index: number): void {
    const viewport = this.volumeViewport();
    if (viewport?.element === undefined) return;
    const { count } = this.volumeSlice();
    const target = Math.max(0, Math.min(count - 1, index));
    const imageIndex = this.sourceOrderReversed() === true ? count - 1 - target : target;
    void utilities.jumpToSlice(viewport.element, { imageIndex, volumeId: this.volumeId });
  }

  applyPreset(id: WindowPresetId): void {
    const viewport = this.volumeViewport();
    if (viewport === undefined) return;
    const preset = resolvePreset(id, useSettingsStore.getState().windowPresets);
    if (preset?.center !== undefined && preset.width !== undefined) {
      viewport.setProperties({
        voiRange: utilities.windowLevel.toLowHighRange(preset.width, preset.center),
      });
    } else {
      viewport.resetProperties();
    }
    viewport.render();
    useViewerStore.getState().update({ preset: id });
    this.report();
  }

  protected describeGeometry(element: HTMLDivElement): void {
    const viewport = this.volumeViewport();
    const volumeId = this.volumeId;
    if (viewport === undefined || volumeId === undefined) return;
    const imageData = viewport.getImageData(volumeId);
    if (imageData === undefined) return;
    // The screen positions of the volume's first and last voxel centres: with the view's axes,
    // tests place any voxel on screen and check it is drawn there.
    const dimensions = imageData.dimensions;
    const first = imageData.imageData.indexToWorld([0, 0, 0]) as Types.Point3;
    const last = imageData.imageData.indexToWorld([
      dimensions[0] - 1,
      dimensions[1] - 1,
      dimensions[2] - 1,
    ]) as Types.Point3;
    const [x0, y0] = viewport.worldToCanvas(first);
    const [x1, y1] = viewport.worldToCanvas(last);
    element.dataset['volumeCorners'] = [x0, y0, x1, y1].map((value) => value.toFixed(2)).join(',');
    element.dataset['volumeDimensions'] = dimensions.join(',');
  }
}
