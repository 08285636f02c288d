/**
 * Drives one cornerstone stack viewport: the series as acquired, slice by slice.
 */
import {
  Enums,
  imageLoadPoolManager,
  metaData,
  type RenderingEngine,
  type StackViewport,
  type Types,
  utilities,
} from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { STACK_TOOL_GROUP_ID } from './cornerstone.js';
import { drawStackOnCpu, screenAxes } from './cpuStackDrawing.js';
import { imageIdsForSeries } from './imageIds.js';
import type { Vector3 } from './orientationLetters.js';
import { volumeBeingCreated } from './seriesVolume.js';
import { isSoftwareGl } from './softwareGl.js';
import { ViewportController } from './viewportController.js';
import { autoWindow, resolvePreset, type WindowPresetId } from '../state/windowPresets.js';

export class StackController extends ViewportController {
  /** Set while the viewport draws on the CPU (software GL only): what undoes that. */
  private leaveCpu: (() => void) | undefined;

  constructor(viewportId: string) {
    super(viewportId, STACK_TOOL_GROUP_ID);
  }

  protected enable(engine: RenderingEngine, element: HTMLDivElement): void {
    engine.enableElement({
      viewportId: this.viewportId,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    // Under software GL the CPU path scrolls twice as fast (cpuStackDrawing.ts); on a GPU, WebGL.
    const viewport = this.stack();
    if (viewport !== undefined && isSoftwareGl()) this.leaveCpu = drawStackOnCpu(viewport);
    this.listen(element, Enums.Events.STACK_NEW_IMAGE, () => this.report());
    this.listenGlobal(Enums.Events.IMAGE_LOAD_ERROR, () => {
      if (useViewerStore.getState().readouts[this.viewportId]?.status === 'loading')
        this.readout({ status: 'error' });
    });
  }

  override detach(): void {
    this.leaveCpu?.();
    this.leaveCpu = undefined;
    if (this.element !== undefined) {
      toolUtilities.stackPrefetch.disable(this.element);
      // The stack's queued prefetch would hold back whatever replaces it (a volume's first
      // slices are Prefetch requests too): drop it, unless a volume is being created right now.
      if (!volumeBeingCreated()) imageLoadPoolManager.clearRequestStack(Enums.RequestType.Prefetch);
    }
    super.detach();
  }

  private stack(): StackViewport | undefined {
    return this.viewport() as StackViewport | undefined;
  }

  protected async show(series: SeriesDetail, token: number): Promise<void> {
    const viewport = this.stack();
    if (viewport === undefined || this.element === undefined) return;
    await viewport.setStack(imageIdsForSeries(series), 0);
    if (token !== this.loadToken) return;
    viewport.render();
    toolUtilities.stackPrefetch.enable(this.element);
  }

  protected hasImage(): boolean {
    return this.stack()?.getCurrentImageId() !== undefined;
  }

  protected position(): { index: number; count: number } {
    const viewport = this.stack();
    return {
      index: viewport?.getCurrentImageIdIndex() ?? 0,
      count: viewport?.getImageIds().length ?? 0,
    };
  }

  scrollBy(delta: number): void {
    const viewport = this.stack();
    if (viewport === undefined) return;
    utilities.scroll(viewport, { delta });
  }

  scrollTo(index: number): void {
    const viewport = this.stack();
    if (viewport === undefined) return;
    const count = viewport.getImageIds().length;
    void viewport.setImageIdIndex(Math.max(0, Math.min(count - 1, index)));
  }

  applyPreset(id: WindowPresetId): void {
    const viewport = this.stack();
    if (viewport === undefined) return;
    const preset = resolvePreset(id, useSettingsStore.getState().windowPresets);
    if (id === 'default') {
      viewport.resetProperties();
    } else if (id === 'mrAuto') {
      const image = viewport.getCornerstoneImage();
      const { slope, intercept } = image;
      const stored = image.getPixelData();
      const window = autoWindow(Array.from(stored, (value) => value * slope + intercept));
      viewport.setProperties({
        voiRange: utilities.windowLevel.toLowHighRange(window.width, window.center),
      });
    } else if (preset?.center !== undefined && preset.width !== undefined) {
      viewport.setProperties({
        voiRange: utilities.windowLevel.toLowHighRange(preset.width, preset.center),
      });
    }
    viewport.render();
    useViewerStore.getState().update({ preset: id });
    this.report();
  }

  protected override viewAxes(
    viewport: Types.IStackViewport | Types.IVolumeViewport,
  ): { viewUp: Vector3; viewPlaneNormal: Vector3 } | undefined {
    // The CPU path's camera does not turn with flips; where the image lies on the canvas does.
    return this.leaveCpu === undefined
      ? super.viewAxes(viewport)
      : screenAxes(viewport as StackViewport);
  }

  protected describeGeometry(element: HTMLDivElement): void {
    const viewport = this.stack();
    if (viewport === undefined) return;
    const imageId = viewport.getCurrentImageId();
    const image = viewport.getCornerstoneImage();
    if (
      imageId === undefined ||
      image === undefined ||
      metaData.get('imagePlaneModule', imageId) === undefined
    )
      return;
    const corner = (column: number, row: number): Types.Point2 => {
      const world = utilities.imageToWorldCoords(imageId, [column, row]);
      return world === undefined ? [Number.NaN, Number.NaN] : viewport.worldToCanvas(world);
    };
    try {
      const [x0, y0] = corner(0, 0);
      const [x1, y1] = corner(image.columns, image.rows);
      element.dataset['imageRect'] = [x0, y0, x1 - x0, y1 - y0]
        .map((value) => value.toFixed(2))
        .join(',');
    } catch {
      // Images without patient geometry (secondary captures) have no world position to report.
      delete element.dataset['imageRect'];
    }
  }
}
