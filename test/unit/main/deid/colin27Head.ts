// A real head for the defacing tests: the Colin27 T1 average ("ch2", 181x217x181 at 1 mm, MNI
// space, scalp and upper face kept, cropped just below the nose) and its brain-only mask
// ("ch2bet"), as Debian's mricron-data package ships them. The test command installs the package;
// the volume is converted here, in the test, into a sagittal DICOM MR series.
//
// Origin: Debian package mricron-data (MRIcron by Chris Rorden, BSD-3-clause), file
// /usr/share/mricron/templates/ch2.nii.gz and ch2bet.nii.gz; the image is the average of 27 T1
// scans of one volunteer (Holmes et al., J Comput Assist Tomogr 1998), distributed by the
// Montreal Neurological Institute for any use with its copyright notice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeSlice, textElement } from '../../../support/syntheticSlice.js';

const TEMPLATES = '/usr/share/mricron/templates';
export const COLIN27 = join(TEMPLATES, 'ch2.nii.gz');
const COLIN27_BRAIN = join(TEMPLATES, 'ch2bet.nii.gz');
export const hasColin27 = existsSync(COLIN27) && existsSync(COLIN27_BRAIN);

/** NIfTI-1 grid of both files: i (x, left to right), j (y, back to front), k (z, up), 1 mm. */
const NX = 181;
const NY = 217;
const NZ = 181;
/** World (RAS, mm) of voxel (0, 0, 0), from the files' sform. */
const ORIGIN = [-90, -125, -71] as const;

type Point = [number, number, number];

/** The voxels of a uint8 NIfTI-1 file of this grid, checked against its header. */
function readNifti(path: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = [1, 2, 3].map((axis) => view.getInt16(40 + axis * 2, true));
  const datatype = view.getInt16(70, true);
  const offset = view.getFloat32(108, true);
  if (dims.join() !== `${NX},${NY},${NZ}` || datatype !== 2 || offset !== 352)
    throw new Error(`unexpected NIfTI grid in ${path}`);
  return bytes.subarray(offset, offset + NX * NY * NZ);
}

/** Index into the NIfTI grid of a patient position (DICOM LPS, mm), or -1 outside it. */
export function niftiIndex(p: Point): number {
  const i = Math.round(-p[0] - ORIGIN[0]);
  const j = Math.round(-p[1] - ORIGIN[1]);
  const k = Math.round(p[2] - ORIGIN[2]);
  if (i < 0 || j < 0 || k < 0 || i >= NX || j >= NY || k >= NZ) return -1;
  return i + NX * (j + NY * k);
}

/** RAS (mm) of a patient position (LPS). */
export const toRas = (p: Point): Point => [-p[0], -p[1], p[2]];

/**
 * ch2bet's brain extraction leaks in thin streaks (a few voxels across) out of the frontal lobe
 * into the orbits and the forehead; an opening with a 7 mm cube removes them and keeps the
 * brain's outline. Erosion then dilation, each as three separable passes along i, j and k.
 */
function openMask(mask: Uint8Array, radius: number): Uint8Array {
  const strides = [1, NX, NX * NY];
  const sizes = [NX, NY, NZ];
  const pass = (input: Uint8Array, axis: number, erode: boolean): Uint8Array => {
    const out = new Uint8Array(input.length);
    const stride = strides[axis]!;
    const size = sizes[axis]!;
    for (let index = 0; index < input.length; index++) {
      const position = Math.floor(index / stride) % size;
      let hit = erode ? 1 : 0;
      for (let step = -radius; step <= radius; step++) {
        const at = position + step;
        const value = at < 0 || at >= size ? 0 : input[index + step * stride]!;
        if (erode && !value) hit = 0;
        if (!erode && value) hit = 1;
      }
      out[index] = hit;
    }
    return out;
  };
  let current = mask;
  for (const erode of [true, false])
    for (let axis = 0; axis < 3; axis++) current = pass(current, axis, erode);
  return current;
}

export interface Colin27Series {
  files: string[];
  /** 1 where ch2bet marks brain (its streaks opened away), indexed like the NIfTI grid (`niftiIndex`). */
  brain: Uint8Array;
}

/**
 * Writes the head as 181 sagittal slices (left to right), rows running down and columns running
 * back, the same layout as the synthetic head, so the same skin renderings apply.
 */
export function writeColin27Series(folder: string): Colin27Series {
  const head = readNifti(COLIN27);
  const brain = openMask(
    readNifti(COLIN27_BRAIN).map((value) => (value > 0 ? 1 : 0)),
    3,
  );
  const files: string[] = [];
  for (let slice = 0; slice < NX; slice++) {
    const i = slice;
    const pixels = Buffer.alloc(NZ * NY * 2);
    for (let row = 0; row < NZ; row++) {
      const k = NZ - 1 - row;
      for (let column = 0; column < NY; column++) {
        const j = NY - 1 - column;
        pixels.writeUInt16LE(head[i + NX * (j + NY * k)]!, (row * NY + column) * 2);
      }
    }
    // Voxel (slice, 0, 0) is i = slice, j = NY - 1, k = NZ - 1, in LPS.
    const position = [-(ORIGIN[0] + i), -(ORIGIN[1] + NY - 1), ORIGIN[2] + NZ - 1];
    const bytes = encodeSlice({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.27027.${slice + 1}`,
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.27027',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.27027.0',
      modality: 'MR',
      patientName: 'COLIN^HOLMES^^^27',
      patientId: 'COLIN27',
      extra: [
        textElement(0x00180015, 'CS', 'HEAD'),
        textElement(0x0008103e, 'LO', 'T1 average (Colin27)'),
        textElement(0x00200013, 'IS', String(slice + 1)),
        textElement(0x00180050, 'DS', '1'),
      ],
      position,
      orientation: [0, 1, 0, 0, 0, -1],
      pixelSpacing: 1,
      rows: NZ,
      columns: NY,
      bitsStored: 16,
      pixels,
    });
    const path = join(folder, `colin27-${String(slice).padStart(3, '0')}.dcm`);
    writeFileSync(path, bytes);
    files.push(path);
  }
  return { files, brain };
}
