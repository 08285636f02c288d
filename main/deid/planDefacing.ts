/**
 * Defacing plan (Clean Recognizable Visual Features Option, PS3.15 E.3.2): finds the head MR/CT
 * volumes among the inputs (single-frame slices of one series with one orientation), assembles
 * each into a volume, and asks `defaceHead` which voxels to blank, per instance.
 */
import { readFile } from 'node:fs/promises';
import { findElement, parseDicomFile, textOf, valueOf } from '../dicom/index.js';
import { defaceHead, type HeadVolume } from './defaceHead.js';
import { decodeFrames } from './decodeFrames.js';
import { imagePixelModule } from './imagePixelModule.js';

export interface SeriesDefacing {
  /** Original SOP Instance UID -> per-frame masks (rows*columns, 1 = blank). */
  masks: Map<string, (Uint8Array | undefined)[]>;
  voxelsRemoved: number;
}

export interface DefacePlan {
  /** Keyed by original Series Instance UID. */
  series: Map<string, SeriesDefacing>;
  /** Original SOP Instance UIDs of head volumes that cannot be defaced here (multi-frame). */
  undefaceable: Set<string>;
}

const HEAD = /HEAD|BRAIN|SKULL|NEURO|頭部|脳/i;
/** Fewer slices than this are not a volume a face can be rebuilt from. */
const MIN_SLICES = 20;

interface Slice {
  sop: string;
  position: [number, number, number];
  pixels: Float32Array;
}

function numbers(text: string): number[] {
  return text.split('\\').map((part) => Number(part));
}

interface FoundSlice {
  series: string;
  modality: 'MR' | 'CT';
  orientation: string;
  spacing: number[];
  rows: number;
  columns: number;
  slice: Slice;
}

/** Reads one slice when it belongs to a head MR/CT series; a multi-frame head volume is only named. */
async function headSlice(
  path: string,
): Promise<FoundSlice | { multiFrameSop: string } | undefined> {
  let file;
  try {
    file = parseDicomFile(new Uint8Array(await readFile(path)));
  } catch {
    return undefined;
  }
  const text = (tag: number): string => {
    const element = findElement(file.body, tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  const modality = text(0x00080060);
  if (modality !== 'MR' && modality !== 'CT') return undefined;
  const described = [text(0x00180015), text(0x00081030), text(0x0008103e), text(0x00181030)].join(
    ' ',
  );
  if (!HEAD.test(described)) return undefined;
  const image = imagePixelModule(file.body);
  const orientation = text(0x00200037);
  const position = numbers(text(0x00200032));
  // Enhanced (multi-frame) volumes keep each frame's position in functional groups (PS3.3
  // C.7.6.16); they are not assembled here, so the caller can refuse to send them undefaced.
  if (image.frames >= MIN_SLICES) return { multiFrameSop: text(0x00080018) };
  if (
    image.frames !== 1 ||
    image.samplesPerPixel !== 1 ||
    orientation === '' ||
    position.length !== 3
  )
    return undefined;
  const pixel = findElement(file.body, 0x7fe00010);
  if (pixel === undefined) return undefined;
  let raw: Uint8Array;
  if (pixel.fragments) {
    try {
      raw = (await decodeFrames(file.transferSyntaxUid, pixel, image)).frames[0]!;
    } catch {
      return undefined;
    }
  } else {
    raw = valueOf(pixel);
  }
  const count = image.rows * image.columns;
  const pixels = new Float32Array(count);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const signed = image.pixelRepresentation === 1;
  const little = file.bodySyntax.littleEndian || pixel.fragments !== undefined;
  // CT in Hounsfield units (PS3.3 C.11.1.1.2: HU = stored * slope + intercept), so thresholds hold for every scanner.
  const slope = modality === 'CT' ? Number(text(0x00281053) || '1') || 1 : 1;
  const intercept = modality === 'CT' ? Number(text(0x00281052) || '0') || 0 : 0;
  for (
    let index = 0;
    index < count && (index + 1) * (image.bitsAllocated / 8) <= raw.length;
    index++
  ) {
    const stored =
      image.bitsAllocated === 16
        ? signed
          ? view.getInt16(index * 2, little)
          : view.getUint16(index * 2, little)
        : raw[index]!;
    pixels[index] = stored * slope + intercept;
  }
  return {
    series: text(0x0020000e),
    modality,
    orientation,
    spacing: numbers(text(0x00280030)),
    rows: image.rows,
    columns: image.columns,
    slice: { sop: text(0x00080018), position: position as [number, number, number], pixels },
  };
}

export interface LoadedHeadVolume {
  seriesInstanceUid: string;
  volume: HeadVolume;
  /** SOP Instance UID of each slice, in volume order. */
  sops: string[];
}

/** The head volumes among the inputs, assembled in slice order. */
export async function loadHeadVolumes(
  files: readonly string[],
  undefaceable = new Set<string>(),
): Promise<LoadedHeadVolume[]> {
  const bySeries = new Map<
    string,
    {
      modality: 'MR' | 'CT';
      orientation: string;
      spacing: number[];
      rows: number;
      columns: number;
      slices: Slice[];
    }
  >();
  const mixed = new Set<string>();
  for (const path of files) {
    const found = await headSlice(path);
    if (found === undefined) continue;
    if ('multiFrameSop' in found) {
      undefaceable.add(found.multiFrameSop);
      continue;
    }
    const series = bySeries.get(found.series);
    if (series === undefined) {
      bySeries.set(found.series, {
        modality: found.modality,
        orientation: found.orientation,
        spacing: found.spacing,
        rows: found.rows,
        columns: found.columns,
        slices: [found.slice],
      });
    } else if (
      series.orientation !== found.orientation ||
      series.rows !== found.rows ||
      series.columns !== found.columns
    ) {
      mixed.add(found.series);
    } else {
      series.slices.push(found.slice);
    }
  }
  const volumes: LoadedHeadVolume[] = [];
  for (const [uid, series] of bySeries) {
    if (mixed.has(uid) || series.slices.length < MIN_SLICES) continue;
    const [rx, ry, rz, cx, cy, cz] = numbers(series.orientation) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const normal: [number, number, number] = [
      ry * cz - rz * cy,
      rz * cx - rx * cz,
      rx * cy - ry * cx,
    ];
    const along = (slice: Slice): number =>
      slice.position[0] * normal[0] + slice.position[1] * normal[1] + slice.position[2] * normal[2];
    const slices = [...series.slices].sort((a, b) => along(a) - along(b));
    const [rowSpacing = 1, columnSpacing = 1] = series.spacing;
    const { rows, columns } = series;
    const values = new Float32Array(slices.length * rows * columns);
    slices.forEach((slice, index) => values.set(slice.pixels, index * rows * columns));
    const volume: HeadVolume = {
      slices: slices.length,
      rows,
      columns,
      values,
      modality: series.modality,
      voxelMm:
        (rowSpacing +
          columnSpacing +
          Math.abs(along(slices[slices.length - 1]!) - along(slices[0]!)) /
            Math.max(1, slices.length - 1)) /
        3,
      positionOf(slice, row, column) {
        // PS3.3 C.7.6.2.1.1: position + column index * column spacing along the row direction + row index * row spacing along the column direction.
        const origin = slices[slice]!.position;
        return [
          origin[0] + column * columnSpacing * rx + row * rowSpacing * cx,
          origin[1] + column * columnSpacing * ry + row * rowSpacing * cy,
          origin[2] + column * columnSpacing * rz + row * rowSpacing * cz,
        ];
      },
    };
    volumes.push({ seriesInstanceUid: uid, volume, sops: slices.map((slice) => slice.sop) });
  }
  return volumes;
}

export async function planDefacing(files: readonly string[]): Promise<DefacePlan> {
  const plan: DefacePlan = { series: new Map(), undefaceable: new Set() };
  for (const { seriesInstanceUid, volume, sops } of await loadHeadVolumes(
    files,
    plan.undefaceable,
  )) {
    const result = defaceHead(volume);
    const plane = volume.rows * volume.columns;
    const masks = new Map<string, (Uint8Array | undefined)[]>();
    sops.forEach((sop, index) =>
      masks.set(sop, [result.faceMask.subarray(index * plane, (index + 1) * plane)]),
    );
    plan.series.set(seriesInstanceUid, { masks, voxelsRemoved: result.voxelsRemoved });
  }
  return plan;
}
