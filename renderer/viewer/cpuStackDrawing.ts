/**
 * Draws one stack viewport with cornerstone's CPU path (LUT into a 2D canvas) instead of WebGL,
 * for machines whose WebGL is a software rasterizer (see softwareGl.ts). There the GPU path
 * spends most of each frame copying cornerstone's off-screen WebGL canvas to the visible one,
 * a synchronous read-back in SwiftShader, and scrolls at about half the display rate; the CPU
 * path keeps up with it. On a real GPU the WebGL path is faster and stays.
 *
 * Only stack viewports switch, one by one: cornerstone's global CPU flag would also take MPR and
 * MIP (which need WebGL) and the review's labelmap overlays (drawn by WebGL actors).
 *
 * The CPU path differs from the GPU one in what it reports, so this file makes it report what the
 * GPU path would, for the corner text, the tools and the synchronizers:
 * - zoom is relative to the fitted image (CPU: canvas pixels per image pixel), and pan is how far
 *   the image moved on screen in CSS pixels (CPU: image pixels, and its setter takes a point);
 * - a window set by the reader (setProperties) persists across slices, else each slice shows its
 *   own window (CPU: the first slice's window stays, while the properties name the new slice's);
 * - resetting the camera also forgets the flips it undid;
 * - a flip is about the screen's axes (CPU: the image's, so after a quarter turn "flip vertical"
 *   flipped left and right);
 * - canvas and patient positions agree with what is drawn: the CPU path maps a pixel's centre
 *   (the Image Position, PS3.3 C.7.6.2.1.1) to the pixel's corner, half a pixel off, which would
 *   put a probe on the neighbouring pixel;
 * - the screen's axes in patient space follow flips (the CPU camera's view-up ignores them).
 */
import { Enums, type StackViewport, type Types, utilities } from '@cornerstonejs/core';
import type { Vector3 } from './orientationLetters.js';

interface VoiOptions {
  suppressEvents?: boolean;
  voiUpdatedWithSetProperties?: boolean;
}

/** StackViewport members that cornerstone keeps private but that the CPU path must correct. */
interface StackInternals {
  canvas: HTMLCanvasElement;
  canvasToWorld(canvasPoint: Types.Point2): Types.Point3;
  worldToCanvas(worldPoint: Types.Point3): Types.Point2;
  voiUpdatedWithSetProperties: boolean;
  flipHorizontal: boolean;
  flipVertical: boolean;
  setVOI(range: Types.VOIRange | undefined, options?: VoiOptions): void;
  getZoom(): number;
  setZoom(zoom: number, storeAsInitialCamera?: boolean): void;
  getPan(): Types.Point2;
  setPan(pan: Types.Point2, storeAsInitialCamera?: boolean): void;
  getCamera(): Types.ICamera;
  setCamera(camera: Partial<Types.ICamera>): void;
  /** The CPU path's own state: translation in image pixels, scale in canvas pixels per image pixel. */
  _cpuFallbackEnabledElement: {
    viewport: { translation?: { x: number; y: number }; scale?: number };
  };
  resetCamera(options?: unknown): boolean;
}

function internals(viewport: StackViewport): StackInternals {
  return viewport as unknown as StackInternals;
}

/** Canvas pixels per image pixel when the image fits the canvas, as cornerstone's CPU reset does. */
function fitScale(viewport: StackViewport): number | undefined {
  const image = viewport.getCornerstoneImage();
  const { canvas } = internals(viewport);
  if (image === undefined || image.columns === 0 || image.rows === 0) return undefined;
  const rowSpacing = image.rowPixelSpacing || 1;
  const columnSpacing = image.columnPixelSpacing || 1;
  const horizontal = canvas.width / image.columns / Math.max(1, columnSpacing / rowSpacing);
  const vertical = canvas.height / image.rows / Math.max(1, rowSpacing / columnSpacing);
  return Math.min(horizontal, vertical);
}

/** Half a pixel along the image's rows and columns, in patient space (mm). */
function halfPixel(viewport: StackViewport): Vector3 | undefined {
  const data = viewport.getImageData() as Types.IImageData | undefined;
  if (data === undefined) return undefined;
  const { direction, spacing } = data;
  return [0, 1, 2].map(
    (axis) => 0.5 * (spacing[0]! * direction[axis]! + spacing[1]! * direction[3 + axis]!),
  ) as unknown as Vector3;
}

/** The window an image carries itself, as the GPU path reads it for a slice with no reader window. */
function ownWindow(image: Types.IImage): Types.VOIRange | undefined {
  const first = (value: number | number[] | undefined): number | undefined =>
    Array.isArray(value) ? value[0] : value;
  const center = first(image.windowCenter);
  const width = first(image.windowWidth);
  if (center === undefined || width === undefined) return undefined;
  return utilities.windowLevel.toLowHighRange(width, center, image.voiLUTFunction);
}

const sameRange = (a: Types.VOIRange | undefined, b: Types.VOIRange | undefined): boolean =>
  a?.lower === b?.lower && a?.upper === b?.upper;

/** Switches the viewport to the CPU path; returns what undoes the listener it adds. */
export function drawStackOnCpu(viewport: StackViewport): () => void {
  viewport.setUseCPURendering(true);
  // The engine asks each viewport which pipeline draws it; the class answers from the global flag.
  viewport.getUseCustomRenderingPipeline = () => true;
  const stack = internals(viewport);

  const cpuSetVoi = stack.setVOI.bind(viewport);
  stack.setVOI = (range, options) => {
    if (options?.voiUpdatedWithSetProperties === true) stack.voiUpdatedWithSetProperties = true;
    cpuSetVoi(range, options);
  };

  const cpuGetZoom = stack.getZoom.bind(viewport);
  const cpuSetZoom = stack.setZoom.bind(viewport);
  stack.getZoom = () => {
    const fit = fitScale(viewport);
    return fit === undefined ? 1 : cpuGetZoom() / fit;
  };
  stack.setZoom = (zoom) => {
    const fit = fitScale(viewport);
    if (fit !== undefined) cpuSetZoom(zoom * fit);
  };

  // The CPU translation is applied after scaling and before flips, so on screen it moves the
  // image by translation x scale device pixels, whatever the flips.
  const screenScale = (): number =>
    (stack._cpuFallbackEnabledElement.viewport.scale ?? 1) / (window.devicePixelRatio || 1);
  stack.getPan = () => {
    const { translation } = stack._cpuFallbackEnabledElement.viewport;
    return [(translation?.x ?? 0) * screenScale(), (translation?.y ?? 0) * screenScale()];
  };
  stack.setPan = (pan) => {
    const state = stack._cpuFallbackEnabledElement.viewport;
    if (state.translation === undefined) return;
    state.translation = { x: pan[0] / screenScale(), y: pan[1] / screenScale() };
    // An empty camera change recomputes the CPU transform and tells the tools and synchronizers.
    stack.setCamera({});
  };

  // The CPU path flips the image before it rotates it: at a quarter turn the image's horizontal
  // is the screen's vertical, so the two flips trade places, both ways.
  const quarterTurned = (): boolean => Math.round(viewport.getRotation() / 90) % 2 !== 0;
  const onScreen = <T extends Partial<Types.ICamera>>(camera: T): T => {
    if (
      !quarterTurned() ||
      (camera.flipHorizontal === undefined && camera.flipVertical === undefined)
    )
      return camera;
    return { ...camera, flipHorizontal: camera.flipVertical, flipVertical: camera.flipHorizontal };
  };
  const cpuGetCamera = stack.getCamera.bind(viewport);
  const cpuSetCamera = stack.setCamera.bind(viewport);
  stack.getCamera = () => onScreen(cpuGetCamera());
  stack.setCamera = (camera) => cpuSetCamera(onScreen(camera));

  const cpuCanvasToWorld = stack.canvasToWorld.bind(viewport);
  const cpuWorldToCanvas = stack.worldToCanvas.bind(viewport);
  const canvasToWorld = (point: Types.Point2): Types.Point3 => {
    const world = cpuCanvasToWorld(point) as Types.Point3 | undefined;
    const half = halfPixel(viewport);
    return world === undefined || half === undefined
      ? world!
      : [world[0] - half[0], world[1] - half[1], world[2] - half[2]];
  };
  stack.canvasToWorld = canvasToWorld;
  stack.worldToCanvas = (world) => {
    const half = halfPixel(viewport);
    return cpuWorldToCanvas(
      half === undefined ? world : [world[0] + half[0], world[1] + half[1], world[2] + half[2]],
    );
  };

  const cpuResetCamera = stack.resetCamera.bind(viewport);
  stack.resetCamera = (options) => {
    // cornerstone's CPU reset compares a centre from its own mapping with the camera's focal
    // point from the public one; give it its own for the moment, or the image moves half a pixel.
    stack.canvasToWorld = cpuCanvasToWorld;
    try {
      return cpuResetCamera(options);
    } finally {
      stack.canvasToWorld = canvasToWorld;
      stack.flipHorizontal = false;
      stack.flipVertical = false;
    }
  };

  const onNewImage = (event: Event): void => {
    const { image } = (event as CustomEvent<{ image: Types.IImage }>).detail;
    const before = viewport.getProperties();
    const wanted = before.isComputedVOI === false ? before.voiRange : ownWindow(image);
    // The CPU path installs the new image right after this event, overwriting the range it
    // reports but keeping the old window on screen; set both once it is done.
    queueMicrotask(() => {
      if (viewport.getCornerstoneImage() !== image) return;
      stack.setVOI(wanted, { suppressEvents: sameRange(wanted, before.voiRange) });
    });
  };
  viewport.element.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
  return () => viewport.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
}

/**
 * The screen's up direction and the view's normal in patient space, from where the drawn image
 * actually lies on the canvas (flips and rotations included).
 */
export function screenAxes(
  viewport: StackViewport,
): { viewUp: Vector3; viewPlaneNormal: Vector3 } | undefined {
  // Undefined until the CPU path has installed its first image (it answers nothing before).
  const origin = viewport.canvasToWorld([0, 0]) as Types.Point3 | undefined;
  const rightward = viewport.canvasToWorld([1, 0]) as Types.Point3 | undefined;
  const downward = viewport.canvasToWorld([0, 1]) as Types.Point3 | undefined;
  if (origin === undefined || rightward === undefined || downward === undefined) return undefined;
  const unit = (to: Types.Point3, sign: number): Vector3 => {
    const v = [0, 1, 2].map((axis) => sign * (to[axis]! - origin[axis]!));
    const length = Math.hypot(...v);
    return [v[0]! / length, v[1]! / length, v[2]! / length];
  };
  const right = unit(rightward, 1);
  const up = unit(downward, -1);
  // right = up x normal for cornerstone's camera, so normal = right x up.
  const normal: Vector3 = [
    right[1] * up[2] - right[2] * up[1],
    right[2] * up[0] - right[0] * up[2],
    right[0] * up[1] - right[1] * up[0],
  ];
  return { viewUp: up, viewPlaneNormal: normal };
}
