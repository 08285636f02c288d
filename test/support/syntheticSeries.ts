/**
 * Writes synthetic DICOM series (explicit VR little endian, one file per slice) whose every
 * voxel and position the test knows: volumes with a bright point at a known voxel, CT with known
 * Hounsfield values, tilted or unevenly spaced slices. No patient ever saw these.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

type Value = string | number | readonly number[] | Uint8Array | Int16Array | Uint16Array;
interface Element {
  tag: number;
  vr: string;
  value: Value;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR']);

function encodeValue(vr: string, value: Value): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof Int16Array || value instanceof Uint16Array)
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (vr === 'US') {
    const numbers = typeof value === 'number' ? [value] : (value as readonly number[]);
    const out = new Uint8Array(numbers.length * 2);
    const view = new DataView(out.buffer);
    numbers.forEach((number, index) => view.setUint16(index * 2, number, true));
    return out;
  }
  if (vr === 'UL') {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value as number, true);
    return out;
  }
  const text = Array.isArray(value) ? value.join('\\') : String(value);
  const pad = vr === 'UI' ? '\0' : ' ';
  const padded = text.length % 2 === 0 ? text : text + pad;
  return new TextEncoder().encode(padded);
}

function encodeElement({ tag, vr, value }: Element): Uint8Array {
  const body = encodeValue(vr, value);
  const long = LONG_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, body.length, true);
  else view.setUint16(6, body.length, true);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A DICOM Part 10 file: preamble, "DICM", file meta group, then the data set (PS3.10 §7.1). */
export function part10(
  sopClassUid: string,
  sopInstanceUid: string,
  dataSet: Element[],
): Uint8Array {
  const metaBody = concat(
    [
      { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
      { tag: 0x00020002, vr: 'UI', value: sopClassUid },
      { tag: 0x00020003, vr: 'UI', value: sopInstanceUid },
      { tag: 0x00020010, vr: 'UI', value: '1.2.840.10008.1.2.1' },
      { tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.1234.1' },
    ].map(encodeElement),
  );
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: metaBody.length });
  const sorted = [...dataSet].sort((a, b) => a.tag - b.tag);
  return concat([
    new Uint8Array(128),
    new TextEncoder().encode('DICM'),
    groupLength,
    metaBody,
    ...sorted.map(encodeElement),
  ]);
}

export interface SyntheticSeriesOptions {
  folder: string;
  modality: 'MR' | 'CT';
  description: string;
  seriesNumber: number;
  rows: number;
  columns: number;
  /** Row and column spacing in mm (PS3.3 C.7.6.2.1.1 Pixel Spacing: row spacing first). */
  pixelSpacing: [number, number];
  /** Image Position (Patient) of each slice, in the order files are numbered. */
  positions: [number, number, number][];
  /** Image Orientation (Patient): row direction, then column direction. */
  orientation?: [number, number, number, number, number, number];
  /** Stored value of voxel (column i, row j, slice k). */
  voxel: (i: number, j: number, k: number) => number;
  /** CT: stored = HU + 1024 (Rescale Intercept -1024). */
  window: { center: number; width: number };
  /** UIDs share this root; two series with the same frameOfReference are in one patient space. */
  uidRoot: string;
  frameOfReference?: string;
  studyUid?: string;
  /**
   * How stored values are encoded, when not unsigned 16 bits (and for CT, HU + 1024): `voxel`
   * then gives the signed stored value, written in `bitsStored` two's complement bits with the
   * bits above them zero, and the modality LUT is `slope` and `intercept`.
   */
  encoding?: { bitsStored: number; slope: number; intercept: number };
  /** Whose images these are, when not the one synthetic patient (made-up names only). */
  patient?: {
    name: string;
    id: string;
    birthDate?: string;
    accession?: string;
    studyDate?: string;
  };
}

/** Writes the series and returns its file paths. */
export async function writeSyntheticSeries(options: SyntheticSeriesOptions): Promise<string[]> {
  const { folder, rows, columns, positions } = options;
  await mkdir(folder, { recursive: true });
  const sopClass =
    options.modality === 'CT' ? '1.2.840.10008.5.1.4.1.1.2' : '1.2.840.10008.5.1.4.1.1.4';
  const studyUid = options.studyUid ?? `${options.uidRoot}.1`;
  const seriesUid = `${options.uidRoot}.2.${options.seriesNumber}`;
  const frame = options.frameOfReference ?? `${options.uidRoot}.3`;
  const orientation = options.orientation ?? [1, 0, 0, 0, 1, 0];
  const paths: string[] = [];
  for (let k = 0; k < positions.length; k++) {
    const pixels = new Uint16Array(rows * columns);
    const { encoding } = options;
    const mask = encoding === undefined ? 0xffff : 2 ** encoding.bitsStored - 1;
    for (let j = 0; j < rows; j++)
      for (let i = 0; i < columns; i++) pixels[j * columns + i] = options.voxel(i, j, k) & mask;
    const sopUid = `${seriesUid}.${k + 1}`;
    const dataSet: Element[] = [
      { tag: 0x00080016, vr: 'UI', value: sopClass },
      { tag: 0x00080018, vr: 'UI', value: sopUid },
      { tag: 0x00080020, vr: 'DA', value: options.patient?.studyDate ?? '20260401' },
      { tag: 0x00080060, vr: 'CS', value: options.modality },
      { tag: 0x0008103e, vr: 'LO', value: options.description },
      { tag: 0x00100010, vr: 'PN', value: options.patient?.name ?? 'Synthetic^Phantom' },
      { tag: 0x00100020, vr: 'LO', value: options.patient?.id ?? 'SYN-0001' },
      { tag: 0x00180050, vr: 'DS', value: '1' },
      { tag: 0x0020000d, vr: 'UI', value: studyUid },
      { tag: 0x0020000e, vr: 'UI', value: seriesUid },
      { tag: 0x00200011, vr: 'IS', value: String(options.seriesNumber) },
      { tag: 0x00200013, vr: 'IS', value: String(k + 1) },
      { tag: 0x00200032, vr: 'DS', value: positions[k]!.map((value) => Number(value.toFixed(4))) },
      { tag: 0x00200037, vr: 'DS', value: orientation },
      { tag: 0x00200052, vr: 'UI', value: frame },
      { tag: 0x00280002, vr: 'US', value: 1 },
      { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
      { tag: 0x00280010, vr: 'US', value: rows },
      { tag: 0x00280011, vr: 'US', value: columns },
      { tag: 0x00280030, vr: 'DS', value: options.pixelSpacing },
      { tag: 0x00280100, vr: 'US', value: 16 },
      { tag: 0x00280101, vr: 'US', value: encoding?.bitsStored ?? 16 },
      { tag: 0x00280102, vr: 'US', value: (encoding?.bitsStored ?? 16) - 1 },
      { tag: 0x00280103, vr: 'US', value: encoding === undefined ? 0 : 1 },
      { tag: 0x00281050, vr: 'DS', value: String(options.window.center) },
      { tag: 0x00281051, vr: 'DS', value: String(options.window.width) },
      { tag: 0x7fe00010, vr: 'OW', value: pixels },
    ];
    if (options.patient?.birthDate !== undefined)
      dataSet.push({ tag: 0x00100030, vr: 'DA', value: options.patient.birthDate });
    if (options.patient?.accession !== undefined)
      dataSet.push({ tag: 0x00080050, vr: 'SH', value: options.patient.accession });
    if (encoding !== undefined) {
      dataSet.push(
        { tag: 0x00281052, vr: 'DS', value: String(encoding.intercept) },
        { tag: 0x00281053, vr: 'DS', value: String(encoding.slope) },
      );
      if (options.modality === 'CT') dataSet.push({ tag: 0x00281054, vr: 'LO', value: 'HU' });
    } else if (options.modality === 'CT') {
      dataSet.push(
        { tag: 0x00281052, vr: 'DS', value: '-1024' },
        { tag: 0x00281053, vr: 'DS', value: '1' },
        { tag: 0x00281054, vr: 'LO', value: 'HU' },
      );
    }
    const path = join(folder, `${String(k + 1).padStart(4, '0')}.dcm`);
    await writeFile(path, part10(sopClass, sopUid, dataSet));
    paths.push(path);
  }
  return paths;
}

/** Evenly spaced axial positions: slice k at z = z0 + k * spacing. */
export function axialPositions(
  count: number,
  spacing: number,
  origin: [number, number, number] = [0, 0, 0],
): [number, number, number][] {
  return Array.from({ length: count }, (_, k) => [origin[0], origin[1], origin[2] + k * spacing]);
}
