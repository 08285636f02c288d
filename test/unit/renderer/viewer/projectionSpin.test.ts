import { describe, expect, it } from 'vitest';
import {
  spinCamera,
  type SpinCamera,
  type VolumeBox,
} from '../../../../renderer/viewer/projectionSpin.js';

// A box 200 mm wide (x), 100 mm deep (y), 60 mm tall (z), centred at (10, 20, 30).
const BOX: VolumeBox = {
  centre: [10, 20, 30],
  edges: [
    [200, 0, 0],
    [0, 100, 0],
    [0, 0, 60],
  ],
};

/** A coronal camera: looking along y, head up. */
function coronal(focalY: number): SpinCamera {
  return {
    viewPlaneNormal: [0, -1, 0],
    viewUp: [0, 0, 1],
    focalPoint: [10, focalY, 30],
    position: [10, focalY - 500, 30],
  };
}

const close = (actual: readonly number[], expected: readonly number[]): void =>
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 6));

describe('spinCamera', () => {
  it('turns a coronal view about the head-foot axis through the volume centre', () => {
    const turned = spinCamera(coronal(20), BOX, 90);
    close(turned.viewUp, [0, 0, 1]);
    expect(Math.abs(turned.viewPlaneNormal[0])).toBeCloseTo(1, 6);
    close(turned.focalPoint, [10, 20, 30]);
    // The camera stays as far from the focal point as it was.
    const distance = Math.hypot(
      ...turned.position.map((value, axis) => value - turned.focalPoint[axis]!),
    );
    expect(distance).toBeCloseTo(500, 6);
  });

  it('keeps a slab moved off-centre at its depth across the view, inside the volume', () => {
    // 40 mm in front of the centre; the box is 100 mm wide at the sides after a quarter turn.
    const turned = spinCamera(coronal(-20), BOX, 90);
    const depth = turned.focalPoint.reduce(
      (sum, value, axis) => sum + (value - BOX.centre[axis]!) * turned.viewPlaneNormal[axis]!,
      0,
    );
    expect(Math.abs(depth)).toBeCloseTo(40, 6);
  });

  it('brings a slab that would leave the volume back to its face', () => {
    // 90 mm from the centre across x fits (the box is 200 mm wide), but not across y (100 mm).
    const camera: SpinCamera = {
      viewPlaneNormal: [1, 0, 0],
      viewUp: [0, 0, 1],
      focalPoint: [100, 20, 30],
      position: [600, 20, 30],
    };
    const turned = spinCamera(camera, BOX, 90);
    const depth = turned.focalPoint.reduce(
      (sum, value, axis) => sum + (value - BOX.centre[axis]!) * turned.viewPlaneNormal[axis]!,
      0,
    );
    expect(Math.abs(depth)).toBeCloseTo(50, 6);
  });

  it('a full turn in 36 steps comes back to the first view', () => {
    let camera = coronal(20);
    for (let step = 0; step < 36; step++) camera = spinCamera(camera, BOX, 10);
    close(camera.viewPlaneNormal, [0, -1, 0]);
    close(camera.focalPoint, [10, 20, 30]);
  });
});
