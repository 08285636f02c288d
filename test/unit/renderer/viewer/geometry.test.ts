import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { edgeLetters, directionLetters } from '../../../../renderer/viewer/orientationLetters.js';
import { sliceGeometry } from '../../../../renderer/viewer/seriesGeometry.js';
import { testData } from '../../../support/paths.js';

const AXIAL = [1, 0, 0, 0, 1, 0];
const at = (z: number, y = 0) => ({
  imagePositionPatient: [0, y, z],
  imageOrientationPatient: AXIAL,
});

describe('sliceGeometry', () => {
  it('finds an evenly spaced, untilted stack whatever the file order', () => {
    const geometry = sliceGeometry([at(4), at(0), at(2), at(6)])!;
    expect(geometry.gaps).toEqual([2, 2, 2]);
    expect(geometry.uneven).toBe(false);
    expect(geometry.tiltDegrees).toBeCloseTo(0, 6);
  });

  it('flags a missing slice as uneven spacing', () => {
    const geometry = sliceGeometry([at(0), at(1), at(2), at(4), at(5)])!;
    expect(geometry.uneven).toBe(true);
    expect(Math.min(...geometry.gaps)).toBe(1);
    expect(Math.max(...geometry.gaps)).toBe(2);
  });

  it('measures a 20 degree tilt when positions step obliquely to the slice normal', () => {
    const tan = Math.tan((20 * Math.PI) / 180);
    const geometry = sliceGeometry([0, 1, 2, 3].map((k) => at(k * 3, k * 3 * tan)))!;
    expect(geometry.tiltDegrees).toBeCloseTo(20, 6);
    expect(geometry.uneven).toBe(false);
  });

  it('reads the +18.5 degree gantry tilt of the GE head CT from its headers', async () => {
    const folder = testData('ct-head-ge-gantry-tilt-subset');
    const planes = [];
    for (const name of (await readdir(folder)).sort()) {
      const dataSet = dicomParser.parseDicom(new Uint8Array(await readFile(join(folder, name))), {
        untilTag: 'x7fe00010',
      });
      const numbers = (tag: string) => (dataSet.string(tag) ?? '').split('\\').map(Number);
      planes.push({
        imagePositionPatient: numbers('x00200032'),
        imageOrientationPatient: numbers('x00200037'),
      });
    }
    expect(sliceGeometry(planes)!.tiltDegrees).toBeCloseTo(18.5, 1);
  });

  it('has nothing to say about a single slice', () => {
    expect(sliceGeometry([at(0)])).toBeUndefined();
  });
});

describe('orientation letters (LPS, PS3.3 C.7.6.1.1.1)', () => {
  it('names directions by their dominant axes', () => {
    expect(directionLetters([1, 0, 0])).toBe('L');
    expect(directionLetters([0, -1, 0])).toBe('A');
    expect(directionLetters([0, 0, 1])).toBe('H');
    expect(directionLetters([0.8, 0, -0.6])).toBe('LF');
  });

  it('hangs an axial view radiologically: anterior up, patient right on the screen left', () => {
    // cornerstone's axial camera: viewUp anterior (-y), viewPlaneNormal toward the feet (-z).
    expect(edgeLetters([0, -1, 0], [0, 0, -1])).toEqual({
      top: 'A',
      bottom: 'P',
      left: 'R',
      right: 'L',
    });
  });

  it('follows a horizontal flip (the view normal turns over)', () => {
    expect(edgeLetters([0, -1, 0], [0, 0, 1])).toEqual({
      top: 'A',
      bottom: 'P',
      left: 'L',
      right: 'R',
    });
  });
});
