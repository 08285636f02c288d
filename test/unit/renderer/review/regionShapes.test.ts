import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readMeasurementReport } from '../../../../main/results/measurementReport.js';
import {
  imageShowing,
  regionShapes,
  type ShownImage,
  type Vec3,
} from '../../../../renderer/review/regionShapes.js';
import { testData } from '../../../support/paths.js';

/** SR regions (SCOORD, SCOORD3D) read from highdicom's TID 1500 report and placed on an image plane. */
describe('finding regions', () => {
  const CT = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
  const FRAME = '1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322';

  it("reads highdicom's circle, polyline and 3D point with the image or frame of reference they are in", async () => {
    const report = readMeasurementReport(
      await readFile(testData('deid-references/highdicom/sr_document_with_multiple_groups.dcm')),
    )!;
    expect(report.findings.map((finding) => finding.regions ?? [])).toEqual([
      [],
      [{ space: 'image', graphicType: 'CIRCLE', points: [45, 55, 45, 65], sopInstanceUid: CT }],
      [
        {
          space: 'image',
          graphicType: 'POLYLINE',
          points: [25, 45, 45, 45, 45, 65, 25, 65],
          sopInstanceUid: CT,
        },
      ],
      [
        {
          space: 'patient',
          graphicType: 'POINT',
          points: [123.5, expect.closeTo(234.1, 4), expect.closeTo(-23.7, 4)],
          frameOfReferenceUid: FRAME,
        },
      ],
    ]);
  });

  it('reads the planar ROI circle of the single-group report on the image it was drawn on', async () => {
    const report = readMeasurementReport(
      await readFile(testData('deid-references/highdicom/sr_document.dcm')),
    )!;
    expect(report.findings[0]!.regions).toEqual([
      { space: 'image', graphicType: 'CIRCLE', points: [58, 52, 58, 41], sopInstanceUid: CT },
    ]);
  });

  // An axial image at z = 10 with 0.5 mm pixels whose top left pixel centre is at (0, 0, 10).
  const image: ShownImage = {
    sopInstanceUid: CT,
    frameNumber: 1,
    frameOfReferenceUid: FRAME,
    origin: [0, 0, 10],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    tolerance: 0.5,
    imageToPatient: (column, row) => [(column - 0.5) * 0.5, (row - 0.5) * 0.5, 10],
  };
  const distance = (a: Vec3, b: Vec3): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

  it('draws a SCOORD circle on its own image only, at its radius in that image', () => {
    const [shape] = regionShapes(
      {
        space: 'image',
        graphicType: 'CIRCLE',
        points: [40.5, 20.5, 40.5, 30.5],
        sopInstanceUid: CT,
      },
      image,
    );
    expect(shape?.kind).toBe('path');
    const points = shape?.kind === 'path' ? shape.points : [];
    expect(points.length).toBeGreaterThan(32);
    // 10 pixels of 0.5 mm around the centre of pixel (40, 20).
    for (const point of points) expect(distance(point, [20, 10, 10])).toBeCloseTo(5, 6);
    expect(
      regionShapes(
        {
          space: 'image',
          graphicType: 'CIRCLE',
          points: [40, 20, 40, 30],
          sopInstanceUid: '1.2.3',
        },
        image,
      ),
    ).toEqual([]);
    expect(
      regionShapes(
        {
          space: 'image',
          graphicType: 'CIRCLE',
          points: [40, 20, 40, 30],
          sopInstanceUid: CT,
          frameNumber: 2,
        },
        image,
      ),
    ).toEqual([]);
  });

  it('draws SCOORD3D points on the plane that holds them, in the same frame of reference only', () => {
    const point = (z: number, frameOfReferenceUid = FRAME) =>
      regionShapes(
        { space: 'patient', graphicType: 'POINT', points: [3, 4, z], frameOfReferenceUid },
        image,
      );
    expect(point(10.2)).toEqual([{ kind: 'point', point: [3, 4, 10] }]);
    expect(point(11)).toEqual([]);
    expect(point(10, '1.2.3')).toEqual([]);
  });

  it('cuts a SCOORD3D ellipsoid with the image plane', () => {
    // A ball of radius 10 mm centred 6 mm above the plane meets it in a circle of radius 8 mm.
    const ball = [0, 0, 26, 0, 0, 6, -10, 0, 16, 10, 0, 16, 0, -10, 16, 0, 10, 16].map((v, i) =>
      i % 3 === 2 ? v : v + 50,
    );
    const [shape] = regionShapes(
      { space: 'patient', graphicType: 'ELLIPSOID', points: ball, frameOfReferenceUid: FRAME },
      image,
    );
    const points = shape?.kind === 'path' ? shape.points : [];
    expect(points.length).toBeGreaterThan(32);
    for (const p of points) {
      expect(p[2]).toBeCloseTo(10, 6);
      expect(Math.hypot(p[0] - 50, p[1] - 50)).toBeCloseTo(8, 6);
    }
    const far = ball.map((v, i) => (i % 3 === 2 ? v + 20 : v));
    expect(
      regionShapes(
        { space: 'patient', graphicType: 'ELLIPSOID', points: far, frameOfReferenceUid: FRAME },
        image,
      ),
    ).toEqual([]);
  });
});

describe('the image that shows a region', () => {
  const slice = (z: number, sopInstanceUid: string): ShownImage => ({
    sopInstanceUid,
    frameNumber: 1,
    frameOfReferenceUid: 'F',
    origin: [0, 0, z],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    tolerance: 0.5,
    imageToPatient: (column, row) => [column, row, z],
  });
  const series = [slice(0, 'a'), undefined, slice(2, 'b'), slice(4, 'c')];

  it("is a SCOORD's own image, and the plane nearest a SCOORD3D point in its frame of reference", () => {
    expect(
      imageShowing(
        { space: 'image', graphicType: 'CIRCLE', points: [1, 1, 1, 2], sopInstanceUid: 'c' },
        series,
      ),
    ).toBe(3);
    expect(
      imageShowing(
        { space: 'image', graphicType: 'CIRCLE', points: [1, 1, 1, 2], sopInstanceUid: 'x' },
        series,
      ),
    ).toBeUndefined();
    expect(
      imageShowing(
        { space: 'patient', graphicType: 'POINT', points: [5, 5, 2.7], frameOfReferenceUid: 'F' },
        series,
      ),
    ).toBe(2);
    expect(
      imageShowing(
        { space: 'patient', graphicType: 'POINT', points: [5, 5, 2.7], frameOfReferenceUid: 'G' },
        series,
      ),
    ).toBeUndefined();
  });
});
