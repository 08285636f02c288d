import type { Vec3 } from './vec3.js';

/**
 * A scalar volume on a regular grid with its place in DICOM patient coordinates.
 * Index (i, j, k) is column i, row j, slice k; voxel (i, j, k) lies at
 * origin + i·spacing[0]·rowDirection + j·spacing[1]·columnDirection + k·spacing[2]·sliceDirection
 * (PS3.3 C.7.6.2.1.1: Image Position is the centre of the first voxel; rowDirection is the
 * first three values of Image Orientation, the direction in which the column index grows).
 */
export interface VolumeGeometry {
  dimensions: [number, number, number];
  /** [between columns, between rows, between slices] in mm. */
  spacing: [number, number, number];
  origin: Vec3;
  rowDirection: Vec3;
  columnDirection: Vec3;
  sliceDirection: Vec3;
}

export interface ScalarVolume extends VolumeGeometry {
  data: Float32Array;
}

export function voxelToPatient(geometry: VolumeGeometry, i: number, j: number, k: number): Vec3 {
  const {
    origin: o,
    spacing: s,
    rowDirection: r,
    columnDirection: c,
    sliceDirection: n,
  } = geometry;
  const x = i * s[0];
  const y = j * s[1];
  const z = k * s[2];
  return [
    o[0] + x * r[0] + y * c[0] + z * n[0],
    o[1] + x * r[1] + y * c[1] + z * n[1],
    o[2] + x * r[2] + y * c[2] + z * n[2],
  ];
}

/** Inverse of voxelToPatient for orthonormal directions: fractional indices. */
export function patientToVoxel(geometry: VolumeGeometry, point: Vec3): Vec3 {
  const {
    origin: o,
    spacing: s,
    rowDirection: r,
    columnDirection: c,
    sliceDirection: n,
  } = geometry;
  const d: Vec3 = [point[0] - o[0], point[1] - o[1], point[2] - o[2]];
  return [
    (d[0] * r[0] + d[1] * r[1] + d[2] * r[2]) / s[0],
    (d[0] * c[0] + d[1] * c[1] + d[2] * c[2]) / s[1],
    (d[0] * n[0] + d[1] * n[1] + d[2] * n[2]) / s[2],
  ];
}

export function voxelCount(geometry: VolumeGeometry): number {
  return geometry.dimensions[0] * geometry.dimensions[1] * geometry.dimensions[2];
}
