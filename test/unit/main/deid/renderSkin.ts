// Renders the skin surface of a head volume as a shaded depth image (first voxel above the skin
// threshold along each ray, lit from the viewer), from the front and from the side, so a test can
// show what a 3D rendering would reveal of the face before and after defacing.
import { PNG } from 'pngjs';
import type { HeadVolume } from '../../../../main/deid/defaceHead.js';

type Axis = 0 | 1 | 2; // 0 slice, 1 row, 2 column

/** Depth of the first voxel above `threshold` along `axis` for each pixel of the other two axes. */
function depthMap(
  volume: HeadVolume,
  values: Float32Array,
  threshold: number,
  axis: Axis,
  reverse: boolean,
): { width: number; height: number; depth: Float32Array; hit: Uint8Array } {
  const sizes = [volume.slices, volume.rows, volume.columns];
  const [u, v] = ([0, 1, 2] as Axis[]).filter((other) => other !== axis) as [Axis, Axis];
  // Image: horizontal = the first remaining axis that is not rows; vertical = rows when present (superior up for these sagittal slices).
  const vertical: Axis = u === 1 || v === 1 ? 1 : v;
  const horizontal: Axis = vertical === u ? v : u;
  const width = sizes[horizontal]!;
  const height = sizes[vertical]!;
  const depth = new Float32Array(width * height);
  const hit = new Uint8Array(width * height);
  const index = (coords: number[]): number =>
    (coords[0]! * volume.rows + coords[1]!) * volume.columns + coords[2]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const coords = [0, 0, 0];
      coords[horizontal] = x;
      coords[vertical] = y;
      for (let step = 0; step < sizes[axis]!; step++) {
        coords[axis] = reverse ? sizes[axis]! - 1 - step : step;
        if (values[index(coords)]! > threshold) {
          depth[y * width + x] = step;
          hit[y * width + x] = 1;
          break;
        }
      }
    }
  }
  return { width, height, depth, hit };
}

function shade(map: ReturnType<typeof depthMap>, scale: number): PNG {
  const { width, height, depth, hit } = map;
  const png = new PNG({ width: width * scale, height: height * scale });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let value = 0;
      if (hit[y * width + x]) {
        const at = (dx: number, dy: number): number => {
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          const yy = Math.min(height - 1, Math.max(0, y + dy));
          return hit[yy * width + xx] ? depth[yy * width + xx]! : depth[y * width + x]!;
        };
        const gx = (at(1, 0) - at(-1, 0)) / 2;
        const gy = (at(0, 1) - at(0, -1)) / 2;
        const lambert = 1 / Math.sqrt(gx * gx + gy * gy + 1);
        value = Math.round(255 * Math.max(0, Math.min(1, 0.15 + 0.85 * lambert)));
      }
      for (let sy = 0; sy < scale; sy++) {
        for (let sx = 0; sx < scale; sx++) {
          const offset = ((y * scale + sy) * width * scale + x * scale + sx) * 4;
          png.data[offset] = value;
          png.data[offset + 1] = Math.round(value * 0.85);
          png.data[offset + 2] = Math.round(value * 0.75);
          png.data[offset + 3] = 255;
        }
      }
    }
  }
  return png;
}

/** One PNG: front view and side view, before (top) and after (bottom). */
export function renderBeforeAfter(
  volume: HeadVolume,
  before: Float32Array,
  after: Float32Array,
  threshold: number,
  frontAxis: Axis,
  sideAxis: Axis,
): Buffer {
  const scale = 3;
  const views = [before, after].flatMap((values) => [
    shade(depthMap(volume, values, threshold, frontAxis, false), scale),
    shade(depthMap(volume, values, threshold, sideAxis, false), scale),
  ]);
  const cellWidth = Math.max(views[0]!.width, views[1]!.width);
  const cellHeight = Math.max(views[0]!.height, views[1]!.height);
  const out = new PNG({ width: cellWidth * 2 + 8, height: cellHeight * 2 + 8 });
  out.data.fill(255);
  views.forEach((view, index) =>
    PNG.bitblt(
      view,
      out,
      0,
      0,
      view.width,
      view.height,
      (index % 2) * (cellWidth + 8),
      Math.floor(index / 2) * (cellHeight + 8),
    ),
  );
  return PNG.sync.write(out);
}
