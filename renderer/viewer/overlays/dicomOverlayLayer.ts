/**
 * Draws the DICOM overlay planes (60xx) of the image a stack viewport shows, on a canvas of its
 * own between cornerstone's image canvas and its annotation layer. Each plane is one bitmap
 * drawn through the affine map from overlay pixels to the screen, taken from the viewport's own
 * image geometry, so zoom, pan, flips and rotations move the overlay with the image, pixel for
 * pixel. The bits come from the data set cornerstone's loader has already parsed for the image;
 * nothing is fetched twice.
 */
import { Enums, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { useViewerStore } from '../../state/viewerStore.js';
import { overlayBitmap } from './overlayBitmap.js';
import { hasOverlayPlanes, overlayPlanesOfFrame, type OverlayPlane } from './overlayPlanes.js';

interface DrawnPlane {
  plane: Omit<OverlayPlane, 'bits'>;
  bitmap: HTMLCanvasElement;
}

/** Decoded overlays of the most recently shown images (a cine loop over a series stays cheap). */
const recent = new Map<string, DrawnPlane[]>();
const RECENT_LIMIT = 64;

function planesFor(imageId: string): DrawnPlane[] | undefined {
  const known = recent.get(imageId);
  if (known !== undefined) return known;
  const { url, frame } = dicomImageLoader.wadouri.parseImageId(imageId);
  // The loader keeps each file's data set while its images are in use; without it, nothing to draw yet.
  if (!dicomImageLoader.wadouri.dataSetCacheManager.isLoaded(url)) return undefined;
  const dataSet = dicomImageLoader.wadouri.dataSetCacheManager.get(url);
  const drawn = hasOverlayPlanes(dataSet)
    ? overlayPlanesOfFrame(dataSet, frame ?? 1).map(({ bits, ...plane }) => ({
        plane,
        bitmap: overlayBitmap({ ...plane, bits }),
      }))
    : [];
  recent.set(imageId, drawn);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  return drawn;
}

export class DicomOverlayLayer {
  private readonly canvas = document.createElement('canvas');
  private readonly onRendered = (): void => this.draw();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly element: HTMLDivElement,
    private readonly viewport: () => Types.IStackViewport | undefined,
  ) {
    this.canvas.className = 'dicom-overlay-layer';
    this.canvas.dataset['testid'] = 'dicom-overlay-layer';
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.unsubscribe = useViewerStore.subscribe((state, previous) => {
      if (state.showDicomOverlays !== previous.showDicomOverlays) this.draw();
    });
    this.draw();
  }

  detach(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.unsubscribe();
    this.canvas.remove();
    delete this.element.dataset['dicomOverlays'];
  }

  /** Puts the canvas right above cornerstone's image canvas, below the measurement layer. */
  private place(): HTMLCanvasElement | undefined {
    const imageCanvas = this.element.querySelector<HTMLCanvasElement>('canvas.cornerstone-canvas');
    if (imageCanvas === null) return undefined;
    if (this.canvas.previousElementSibling !== imageCanvas) imageCanvas.after(this.canvas);
    if (this.canvas.width !== imageCanvas.width) this.canvas.width = imageCanvas.width;
    if (this.canvas.height !== imageCanvas.height) this.canvas.height = imageCanvas.height;
    return imageCanvas;
  }

  private draw(): void {
    const viewport = this.viewport();
    const imageCanvas = this.place();
    const context = this.canvas.getContext('2d');
    if (viewport === undefined || imageCanvas === undefined || context === null) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const imageId = viewport.getCurrentImageId();
    const planes = imageId === undefined ? undefined : planesFor(imageId);
    const geometry = viewport.getImageData();
    if (planes === undefined || geometry === undefined) {
      delete this.element.dataset['dicomOverlays'];
      return;
    }
    // How many planes the image has, and whether they are shown: for the reader's toggle and for tests.
    this.element.dataset['dicomOverlays'] = String(planes.length);
    if (!useViewerStore.getState().showDicomOverlays || planes.length === 0) return;

    const { origin, direction, spacing, dimensions } = geometry;
    // World position of image pixel centre (column, row): PS3.3 C.7.6.2.1.1, as the viewport draws it.
    const world = (column: number, row: number): Types.Point3 =>
      [0, 1, 2].map(
        (axis) =>
          origin[axis]! +
          column * spacing[0]! * direction[axis]! +
          row * spacing[1]! * direction[3 + axis]!,
      ) as Types.Point3;
    // Image pixel edges (0,0), (1,0) and (0,1) lie half a pixel before the pixel centres.
    const at = (u: number, v: number): Types.Point2 =>
      viewport.worldToCanvas(world(u - 0.5, v - 0.5));
    const [x0, y0] = at(0, 0);
    const [x1, y1] = at(1, 0);
    const [x2, y2] = at(0, 1);
    // Canvas coordinates are CSS pixels; the backing store may be larger (device pixel ratio).
    const scale = imageCanvas.clientWidth > 0 ? this.canvas.width / imageCanvas.clientWidth : 1;
    context.save();
    context.setTransform(
      scale * (x1 - x0),
      scale * (y1 - y0),
      scale * (x2 - x0),
      scale * (y2 - y0),
      scale * x0,
      scale * y0,
    );
    // An overlay may start above or left of the image (origin below 1\1); only the part on the image is drawn.
    context.beginPath();
    context.rect(0, 0, dimensions[0]!, dimensions[1]!);
    context.clip();
    context.imageSmoothingEnabled = false;
    for (const { plane, bitmap } of planes) context.drawImage(bitmap, plane.left, plane.top);
    context.restore();
  }
}
