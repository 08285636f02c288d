/**
 * What every viewport controller does, stack or volume: enable a cornerstone viewport on an
 * element, load a series into it, and report what it shows to the viewer store. React
 * components call controllers; controllers never render React.
 */
import {
  Enums,
  eventTarget,
  type RenderingEngine,
  type Types,
  utilities,
} from '@cornerstonejs/core';
import { ToolGroupManager, utilities as toolUtilities } from '@cornerstonejs/tools';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { useViewerStore } from '../state/viewerStore.js';
import { cornerstoneReady } from './cornerstone.js';
import { edgeLetters, type Vector3 } from './orientationLetters.js';
import { refreshScaleBar } from './scaleBar.js';
import { flip, invert, rotateQuarter, toggleCine } from './viewportActions.js';
import type { WindowPresetId } from '../state/windowPresets.js';

type AnyViewport = Types.IStackViewport | Types.IVolumeViewport;

/** Counts series loads across viewports, so a newer load always has a larger number. */
let loadsStarted = 0;

export abstract class ViewportController {
  protected engine: RenderingEngine | undefined;
  protected element: HTMLDivElement | undefined;
  protected loadToken = 0;
  private readonly listeners: [EventTarget, string, EventListener][] = [];

  constructor(
    readonly viewportId: string,
    private readonly toolGroupId: string,
  ) {}

  protected abstract enable(engine: RenderingEngine, element: HTMLDivElement): void;
  protected abstract show(series: SeriesDetail, token: number): Promise<void>;
  abstract scrollBy(delta: number): void;
  abstract scrollTo(index: number): void;
  abstract applyPreset(id: WindowPresetId): void;

  async attach(element: HTMLDivElement): Promise<void> {
    this.engine = await cornerstoneReady();
    this.element = element;
    this.enable(this.engine, element);
    ToolGroupManager.getToolGroup(this.toolGroupId)?.addViewport(this.viewportId, this.engine.id);
    this.listen(element, Enums.Events.VOI_MODIFIED, () => this.report());
    this.listen(element, Enums.Events.CAMERA_MODIFIED, () => this.report());
    this.listen(element, Enums.Events.IMAGE_RENDERED, () => this.onRendered());
    // Cine also stops by itself when it cannot scroll on, so the menu's mark follows the tool.
    this.listen(element, toolUtilities.cine.Events.CLIP_STOPPED, () =>
      this.readout({ cine: false }),
    );
  }

  detach(): void {
    // A clip left playing would keep scrolling a viewport that is gone.
    if (
      this.element !== undefined &&
      useViewerStore.getState().readouts[this.viewportId]?.cine === true
    ) {
      toolUtilities.cine.stopClip(this.element);
      this.readout({ cine: false });
    }
    for (const [target, type, listener] of this.listeners)
      target.removeEventListener(type, listener);
    this.listeners.length = 0;
    if (this.engine !== undefined && this.element !== undefined) {
      ToolGroupManager.getToolGroup(this.toolGroupId)?.removeViewports(
        this.engine.id,
        this.viewportId,
      );
      if (this.engine.getViewport(this.viewportId) !== undefined)
        this.engine.disableElement(this.viewportId);
    }
    this.element = undefined;
  }

  protected listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.listeners.push([target, type, listener]);
  }

  protected listenGlobal(type: string, listener: EventListener): void {
    this.listen(eventTarget, type, listener);
  }

  viewport(): AnyViewport | undefined {
    return this.engine?.getViewport(this.viewportId) as AnyViewport | undefined;
  }

  async load(series: SeriesDetail): Promise<void> {
    if (this.viewport() === undefined || this.element === undefined) return;
    const token = ++loadsStarted;
    this.loadToken = token;
    performance.mark(`mitate:series-open:${this.viewportId}`);
    this.readout({ status: 'loading', index: 0, count: 0 });
    // For tests and benchmarks: which load this is, and when its first image was drawn.
    this.element.dataset['loadCount'] = String(token);
    this.element.dataset['firstImageMs'] = '';
    try {
      await this.show(series, token);
      if (token !== this.loadToken) return;
      this.readout({ status: 'ready' });
      this.report();
    } catch {
      if (token === this.loadToken) this.readout({ status: 'error' });
    }
  }

  reset(): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    viewport.resetCamera();
    viewport.resetProperties();
    viewport.render();
    useViewerStore.getState().update({ preset: 'default' });
    this.report();
  }

  invert(): void {
    const viewport = this.viewport();
    if (viewport !== undefined) invert(viewport);
  }

  flip(axis: 'horizontal' | 'vertical'): void {
    const viewport = this.viewport();
    if (viewport !== undefined) flip(viewport, axis);
  }

  rotateQuarter(turns: number): void {
    const viewport = this.viewport();
    if (viewport !== undefined) rotateQuarter(viewport, turns);
  }

  toggleCine(): boolean {
    if (this.element === undefined) return false;
    const playing = toggleCine(this.element);
    this.readout({ cine: playing });
    return playing;
  }

  resize(): void {
    this.engine?.resize(true, true);
  }

  protected readout(
    change: Parameters<ReturnType<typeof useViewerStore.getState>['updateReadout']>[1],
  ): void {
    useViewerStore.getState().updateReadout(this.viewportId, change);
  }

  protected onRendered(): void {
    const element = this.element;
    if (element === undefined) return;
    if (element.dataset['firstImageMs'] === '' && this.hasImage()) {
      const measure = performance.measure(
        `mitate:first-image:${this.viewportId}`,
        `mitate:series-open:${this.viewportId}`,
      );
      element.dataset['firstImageMs'] = measure.duration.toFixed(1);
    }
    element.dataset['renderCount'] = String(Number(element.dataset['renderCount'] ?? '0') + 1);
    this.describeGeometry(element);
    refreshScaleBar(this.toolGroupId);
  }

  /** Whether the viewport has something of the series to draw yet. */
  protected abstract hasImage(): boolean;

  /** Writes where the image or volume lies on screen, for pixel checks in end-to-end tests. */
  protected abstract describeGeometry(element: HTMLDivElement): void;

  protected abstract position(): { index: number; count: number };

  /** The screen's up direction and the view's normal in patient space, for the orientation letters. */
  protected viewAxes(
    viewport: AnyViewport,
  ): { viewUp: Vector3; viewPlaneNormal: Vector3 } | undefined {
    const { viewUp, viewPlaneNormal } = viewport.getCamera();
    if (viewUp === undefined || viewPlaneNormal === undefined) return undefined;
    return {
      viewUp: viewUp as unknown as Vector3,
      viewPlaneNormal: viewPlaneNormal as unknown as Vector3,
    };
  }

  protected report(): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    const voiRange = viewport.getProperties()?.voiRange;
    const window =
      voiRange == null
        ? undefined
        : utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper);
    const axes = this.viewAxes(viewport);
    const orientation =
      axes === undefined ? undefined : edgeLetters(axes.viewUp, axes.viewPlaneNormal);
    this.readout({
      ...this.position(),
      windowCenter: window?.windowCenter,
      windowWidth: window?.windowWidth,
      zoomPercent: Math.round(viewport.getZoom() * 100),
      // Flips and rotations change the camera itself, so the letters follow them.
      orientation,
    });
  }
}
