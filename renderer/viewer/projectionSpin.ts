/**
 * The turntable of a slab projection (MIP, MinIP, average), as angiography is read: the camera
 * turns about the screen's vertical axis (the view-up vector: head-foot on a coronal or sagittal
 * MIP, anterior-posterior on an axial one) through the volume's centre, and the slab's centre is
 * kept inside the volume. Turning about the camera's own focal point, or about a fixed patient
 * axis that is not the screen's vertical, tilts the projection and can leave the slab outside the
 * volume, where there is nothing to project.
 */

export type Vec3 = readonly [number, number, number];

export interface SpinCamera {
  viewPlaneNormal: Vec3;
  viewUp: Vec3;
  focalPoint: Vec3;
  position: Vec3;
}

/** The volume's box: its centre and its three edge vectors, each from one face to the other. */
export interface VolumeBox {
  centre: Vec3;
  edges: readonly [Vec3, Vec3, Vec3];
}

const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function unit(a: Vec3): Vec3 {
  const length = Math.hypot(a[0], a[1], a[2]);
  return length === 0 ? a : scale(a, 1 / length);
}

/** Rodrigues' rotation of `vector` about the unit `axis`. */
export function rotateAbout(vector: Vec3, axis: Vec3, radians: number): Vec3 {
  const [x, y, z] = vector;
  const [u, v, w] = axis;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const along = u * x + v * y + w * z;
  return [
    u * along * (1 - cos) + x * cos + (-w * y + v * z) * sin,
    v * along * (1 - cos) + y * cos + (w * x - u * z) * sin,
    w * along * (1 - cos) + z * cos + (-v * x + u * y) * sin,
  ];
}

/** Half the box's thickness along a unit direction. */
export function halfDepth(box: VolumeBox, direction: Vec3): number {
  return box.edges.reduce((sum, edge) => sum + Math.abs(dot(edge, direction)) / 2, 0);
}

/** The camera turned by `degrees` about the screen's vertical through the volume's centre. */
export function spinCamera(camera: SpinCamera, box: VolumeBox, degrees: number): SpinCamera {
  const axis = unit(camera.viewUp);
  const radians = (degrees * Math.PI) / 180;
  const turn = (point: Vec3): Vec3 =>
    add(box.centre, rotateAbout(sub(point, box.centre), axis, radians));
  const normal = unit(rotateAbout(camera.viewPlaneNormal, axis, radians));
  let focalPoint = turn(camera.focalPoint);
  let position = turn(camera.position);
  // The slab is centred on the focal point, across the view: its centre stays in the volume.
  const depth = dot(sub(focalPoint, box.centre), normal);
  const limit = halfDepth(box, normal);
  if (Math.abs(depth) > limit) {
    const shift = scale(normal, Math.sign(depth) * limit - depth);
    focalPoint = add(focalPoint, shift);
    position = add(position, shift);
  }
  return { viewPlaneNormal: normal, viewUp: axis, focalPoint, position };
}
