/**
 * Drives one cornerstone stack viewport: loads a series, scrolls, applies window presets and
 * reports what it shows to the viewer store. React components call it; it never renders React.
 */
import { Enums, eventTarget, metaData, type RenderingEngine, type StackViewport, type Types, utilities } from '@cornerstonejs/core';
import { ToolGroupManager, utilities as toolUtilities } from '@cornerstonejs/tools';
import { useViewerStore } from '../state/viewerStore.js';
import { cornerstoneReady, STACK_TOOL_GROUP_ID } from './cornerstone.js';
import { autoWindow, WINDOW_PRESETS, type WindowPresetId } from './windowPresets.js';

const VIEWPORT_ID = 'stack-main';
/** Counts series loads across viewer instances, so a newer load always has a larger number. */
let loadsStarted = 0;

export class StackController {
  private engine: RenderingEngine | undefined;
  private element: HTMLDivElement | undefined;
  private loadToken = 0;
  private readonly listeners: [EventTarget, string, EventListener][] = [];

  async attach(element: HTMLDivElement): Promise<void> {
    this.engine = await cornerstoneReady();
    this.element = element;
    this.engine.enableElement({
      viewportId: VIEWPORT_ID,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.addViewport(VIEWPORT_ID, this.engine.id);
    this.listen(element, Enums.Events.STACK_NEW_IMAGE, () => this.report());
    this.listen(element, Enums.Events.VOI_MODIFIED, () => this.report());
    this.listen(element, Enums.Events.CAMERA_MODIFIED, () => this.report());
    this.listen(element, Enums.Events.IMAGE_RENDERED, () => this.onRendered());
    this.listen(eventTarget, Enums.Events.IMAGE_LOAD_ERROR, () => this.onLoadError());
  }

  detach(): void {
    for (const [target, type, listener] of this.listeners) target.removeEventListener(type, listener);
    this.listeners.length = 0;
    if (this.engine !== undefined && this.element !== undefined) {
      ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.removeViewports(this.engine.id, VIEWPORT_ID);
      this.engine.disableElement(VIEWPORT_ID);
    }
    this.element = undefined;
  }

  private listen(target: EventTarget, type: string, listener: EventListener): void {
    target.addEventListener(type, listener);
    this.listeners.push([target, type, listener]);
  }

  private viewport(): StackViewport | undefined {
    return this.engine?.getViewport(VIEWPORT_ID) as StackViewport | undefined;
  }

  async load(imageIds: string[]): Promise<void> {
    const viewport = this.viewport();
    if (viewport === undefined || this.element === undefined) return;
    const token = ++loadsStarted;
    this.loadToken = token;
    performance.mark('mitate:series-open');
    useViewerStore.getState().update({ status: 'loading', index: 0, count: imageIds.length, preset: 'default' });
    // For tests and benchmarks: which load this is, and when its first image was drawn.
    this.element.dataset['loadCount'] = String(token);
    this.element.dataset['firstImageMs'] = '';
    try {
      await viewport.setStack(imageIds, 0);
      if (token !== this.loadToken) return;
      viewport.render();
      toolUtilities.stackPrefetch.enable(this.element);
      useViewerStore.getState().update({ status: 'ready' });
      this.report();
    } catch {
      if (token === this.loadToken) useViewerStore.getState().update({ status: 'error' });
    }
  }

  scrollBy(delta: number): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    utilities.scroll(viewport, { delta });
  }

  scrollTo(index: number): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    const count = viewport.getImageIds().length;
    void viewport.setImageIdIndex(Math.max(0, Math.min(count - 1, index)));
  }

  applyPreset(id: WindowPresetId): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    const preset = WINDOW_PRESETS.find((candidate) => candidate.id === id);
    if (id === 'default') {
      viewport.resetProperties();
    } else if (id === 'mrAuto') {
      const image = viewport.getCornerstoneImage();
      const { slope, intercept } = image;
      const stored = image.getPixelData();
      const window = autoWindow(Array.from(stored, (value) => value * slope + intercept));
      viewport.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(window.width, window.center) });
    } else if (preset?.center !== undefined && preset.width !== undefined) {
      viewport.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(preset.width, preset.center) });
    }
    viewport.render();
    useViewerStore.getState().update({ preset: id });
    this.report();
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

  resize(): void {
    this.engine?.resize(true, true);
  }

  private onLoadError(): void {
    if (useViewerStore.getState().status === 'loading') useViewerStore.getState().update({ status: 'error' });
  }

  private onRendered(): void {
    const element = this.element;
    const viewport = this.viewport();
    if (element === undefined || viewport === undefined) return;
    if (element.dataset['firstImageMs'] === '') {
      const measure = performance.measure('mitate:first-image', 'mitate:series-open');
      element.dataset['firstImageMs'] = measure.duration.toFixed(1);
    }
    element.dataset['renderCount'] = String(Number(element.dataset['renderCount'] ?? '0') + 1);
    // Where the image lies on screen, for pixel checks in end-to-end tests.
    const imageId = viewport.getCurrentImageId();
    const image = viewport.getCornerstoneImage();
    if (imageId === undefined || image === undefined || metaData.get('imagePlaneModule', imageId) === undefined) return;
    const corner = (column: number, row: number): Types.Point2 => {
      const world = utilities.imageToWorldCoords(imageId, [column, row]);
      return world === undefined ? [Number.NaN, Number.NaN] : viewport.worldToCanvas(world);
    };
    try {
      const [x0, y0] = corner(0, 0);
      const [x1, y1] = corner(image.columns, image.rows);
      element.dataset['imageRect'] = [x0, y0, x1 - x0, y1 - y0].map((value) => value.toFixed(2)).join(',');
    } catch {
      // Images without patient geometry (secondary captures) have no world position to report.
      delete element.dataset['imageRect'];
    }
  }

  private report(): void {
    const viewport = this.viewport();
    if (viewport === undefined) return;
    const { voiRange } = viewport.getProperties();
    const window = voiRange == null ? undefined : utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper);
    useViewerStore.getState().update({
      index: viewport.getCurrentImageIdIndex(),
      count: viewport.getImageIds().length,
      windowCenter: window?.windowCenter,
      windowWidth: window?.windowWidth,
      zoomPercent: Math.round(viewport.getZoom() * 100),
    });
  }
}
