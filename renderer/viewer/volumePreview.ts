/**
 * The middle slice of a streaming volume, drawn on a plain 2D canvas over the axial plane until
 * the plane's own first draw. In software GL (SwiftShader) that first draw waits for the volume
 * to be handed to the viewport, the shaders to compile and a float texture of the whole volume to
 * be allocated: one to two seconds after the middle slice has arrived, during which the reader
 * would see black. The preview needs nothing but the decoded slice; it covers the cell exactly
 * where cornerstone fits the volume (centred, whole slice visible, square pixels in patient
 * space), and goes when cornerstone draws the plane after the slice has reached the volume. (A
 * first draw may come earlier, with other slices that a stack's prefetch had already fetched:
 * the plane's middle is still black then, so the preview stays.)
 */
import { cache, Enums, eventTarget, metaData, type Types } from '@cornerstonejs/core';
import { middleIndex } from './volumeStreaming/sliceOrder.js';

interface Plane {
  rowCosines?: number[] | null;
  columnCosines?: number[] | null;
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
}

/** Whether rows run along +x and columns along +y: the axial plane then shows the slice as stored. */
function storedAsAxialShows(plane: Plane | undefined): boolean {
  const near = (a: number[] | null | undefined, b: number[]): boolean =>
    a != null && a.every((value, i) => Math.abs(value - b[i]!) < 1e-3);
  return near(plane?.rowCosines, [1, 0, 0]) && near(plane?.columnCosines, [0, 1, 0]);
}

/** Draws `image` windowed into a canvas over `element`; returns the canvas, or undefined when it cannot. */
function draw(element: HTMLElement, image: Types.IImage): HTMLCanvasElement | undefined {
  const plane = metaData.get(Enums.MetadataModules.IMAGE_PLANE, image.imageId) as Plane | undefined;
  const width = element.clientWidth;
  const height = element.clientHeight;
  const center = Array.isArray(image.windowCenter) ? image.windowCenter[0] : image.windowCenter;
  const windowWidth = Array.isArray(image.windowWidth) ? image.windowWidth[0] : image.windowWidth;
  if (
    image.color ||
    !storedAsAxialShows(plane) ||
    width === 0 ||
    height === 0 ||
    center === undefined ||
    windowWidth === undefined ||
    !(windowWidth > 0)
  )
    return undefined;
  const { columns, rows } = image;
  const pixels = image.getPixelData();
  const scaled = image.preScale?.scaled === true;
  const slope = scaled ? 1 : image.slope;
  const intercept = scaled ? 0 : image.intercept;
  // Stored value -> grey, through the modality LUT and a linear window.
  const low = center - windowWidth / 2;
  const gain = 255 / windowWidth;
  const source = document.createElement('canvas');
  source.width = columns;
  source.height = rows;
  const context = source.getContext('2d');
  if (context === null) return undefined;
  const rgba = context.createImageData(columns, rows);
  const out = new Uint32Array(rgba.data.buffer);
  for (let i = 0; i < out.length; i++) {
    const grey = Math.min(255, Math.max(0, ((pixels[i]! * slope + intercept - low) * gain) | 0));
    out[i] = 0xff000000 | (grey << 16) | (grey << 8) | grey;
  }
  context.putImageData(rgba, 0, 0);
  // Fitted as cornerstone fits a volume: the whole slice, in patient-space proportions.
  const worldWidth = columns * (plane?.columnPixelSpacing ?? 1);
  const worldHeight = rows * (plane?.rowPixelSpacing ?? 1);
  const scale = Math.min(width / worldWidth, height / worldHeight);
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  Object.assign(canvas.style, {
    position: 'absolute',
    inset: '0',
    width: `${width}px`,
    height: `${height}px`,
    pointerEvents: 'none',
    background: '#000',
  });
  canvas.dataset['testid'] = 'volume-preview';
  const target = canvas.getContext('2d');
  if (target === null) return undefined;
  target.imageSmoothingEnabled = true;
  const drawnWidth = worldWidth * scale * ratio;
  const drawnHeight = worldHeight * scale * ratio;
  target.drawImage(
    source,
    (canvas.width - drawnWidth) / 2,
    (canvas.height - drawnHeight) / 2,
    drawnWidth,
    drawnHeight,
  );
  return canvas;
}

/**
 * Shows the volume's middle slice over `element` as soon as it is decoded; `onShown` is called
 * when it is on screen. The returned function removes it (call it on the plane's first draw
 * after `onShown`).
 */
export function previewMiddleSlice(
  element: HTMLElement,
  volume: Types.IImageVolume,
  onShown: () => void,
): () => void {
  const imageId = volume.imageIds[middleIndex(volume.imageIds.length)];
  let canvas: HTMLCanvasElement | undefined;
  let done = false;
  const show = (image: Types.IImage): void => {
    stopListening();
    if (done) return;
    canvas = draw(element, image);
    if (canvas === undefined) return;
    element.appendChild(canvas);
    onShown();
  };
  const loaded = (event: Event): void => {
    const { image } = (event as CustomEvent<{ image?: Types.IImage }>).detail;
    if (image !== undefined && image.imageId === imageId) show(image);
  };
  const stopListening = (): void =>
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, loaded);
  if (imageId !== undefined) {
    const cached = cache.getImage(imageId);
    if (cached !== undefined) show(cached);
    else eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, loaded);
  }
  return () => {
    done = true;
    stopListening();
    canvas?.remove();
    canvas = undefined;
  };
}
