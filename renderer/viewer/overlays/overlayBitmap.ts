/**
 * Turns an overlay plane into a small bitmap in the colour it is drawn in. PS3.3 C.9.2 leaves the
 * colour to the display ("How an Overlay Plane is rendered is undefined"): graphics are drawn
 * opaque in yellow, a colour no greyscale image has; regions of interest as a translucent cyan
 * fill, so the anatomy under them stays readable.
 */
import type { OverlayPlane, OverlayType } from './overlayPlanes.js';

export const OVERLAY_COLOURS: Readonly<
  Record<OverlayType, readonly [number, number, number, number]>
> = {
  G: [255, 255, 0, 255],
  R: [0, 255, 255, 115],
};

export function overlayBitmap(plane: OverlayPlane): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = plane.columns;
  canvas.height = plane.rows;
  const context = canvas.getContext('2d');
  if (context === null) return canvas;
  const image = context.createImageData(plane.columns, plane.rows);
  const [red, green, blue, alpha] = OVERLAY_COLOURS[plane.type];
  for (let pixel = 0; pixel < plane.bits.length; pixel++) {
    if (plane.bits[pixel] === 0) continue;
    const offset = pixel * 4;
    image.data[offset] = red;
    image.data[offset + 1] = green;
    image.data[offset + 2] = blue;
    image.data[offset + 3] = alpha;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
