import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasOverlayPlanes,
  overlayPlanesOfFrame,
  type OverlayPlane,
} from '../../../../../renderer/viewer/overlays/overlayPlanes.js';
import { dcmtkOverlayPixels } from '../../../../support/dcmtkOverlays.js';
import { testData } from '../../../../support/paths.js';
import {
  expectedOverlayPixels,
  OVERLAY_IMAGE,
  overlayTestFile,
} from '../../../../support/syntheticOverlays.js';

let scratch = '';

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'mitate-overlays-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function parse(bytes: Uint8Array): dicomParser.DataSet {
  return dicomParser.parseDicom(bytes);
}

/** Image (row, column) of every set overlay pixel that lands on an image of the given size. */
function onImage(planes: OverlayPlane[], rows: number, columns: number): string[] {
  const out = new Set<string>();
  for (const plane of planes) {
    plane.bits.forEach((bit, index) => {
      const row = plane.top + Math.floor(index / plane.columns);
      const column = plane.left + (index % plane.columns);
      if (bit === 1 && row >= 0 && column >= 0 && row < rows && column < columns)
        out.add(`${row},${column}`);
    });
  }
  return [...out].sort();
}

const keys = (pixels: [number, number][]): string[] =>
  pixels.map(([row, column]) => `${row},${column}`);

describe('overlayPlanesOfFrame', () => {
  it('reads the Siemens graphics overlay of a real MR exactly as DCMTK does', async () => {
    const path = testData('deid-phi/pydicom/examples_overlay.dcm');
    const dataSet = parse(await readFile(path));
    expect(hasOverlayPlanes(dataSet)).toBe(true);
    const planes = overlayPlanesOfFrame(dataSet, 1);
    expect(
      planes.map(({ group, rows, columns, top, left, type, description }) => ({
        group,
        rows,
        columns,
        top,
        left,
        type,
        description,
      })),
    ).toEqual([
      {
        group: 0x6000,
        rows: 300,
        columns: 484,
        top: 0,
        left: 0,
        type: 'G',
        description: 'Siemens MedCom Object Graphics',
      },
    ]);
    const ours = onImage(planes, 300, 484);
    expect(ours).toHaveLength(222);
    expect(ours).toEqual(await dcmtkOverlayPixels(path, 1));
  });

  it('finds no overlay in an image without one', async () => {
    const dataSet = parse(await readFile(testData('deid-phi/pydicom/MR_small.dcm')));
    expect(hasOverlayPlanes(dataSet)).toBe(false);
    expect(overlayPlanesOfFrame(dataSet, 1)).toEqual([]);
  });

  it.each([
    ['little', true],
    ['big', false],
  ])(
    'picks the overlay frames of a multi-frame image, clips an origin outside it and reads embedded bits (%s endian)',
    async (_name, littleEndian) => {
      const bytes = overlayTestFile({ littleEndian, uidRoot: '1.2.826.0.1.3680043.10.1234.91' });
      const path = join(scratch, `overlays-${String(littleEndian)}.dcm`);
      await writeFile(path, bytes);
      const dataSet = parse(bytes);
      const { rows, columns } = OVERLAY_IMAGE;
      for (const frame of [1, 2, 3]) {
        const planes = overlayPlanesOfFrame(dataSet, frame);
        const expected = expectedOverlayPixels(frame);
        expect(planes.map((plane) => plane.group.toString(16))).toEqual([
          ...(frame === 1 ? [] : ['6000']),
          '6002',
          '6004',
          '6006',
        ]);
        expect(planes.find((plane) => plane.group === 0x6002)?.type).toBe('R');
        expect(planes.find((plane) => plane.group === 0x6004)).toMatchObject({
          top: -2,
          left: -2,
          rows: 6,
          columns: 6,
        });
        for (const [group, pixels] of Object.entries(expected)) {
          const plane = planes.filter((candidate) => candidate.group.toString(16) === group);
          expect(onImage(plane, rows, columns), `group ${group} frame ${frame}`).toEqual(
            keys(pixels).sort(),
          );
        }
        // DCMTK sees the same pixels (it reads big endian too).
        expect(onImage(planes, rows, columns), `frame ${frame}`).toEqual(
          await dcmtkOverlayPixels(path, frame),
        );
      }
    },
  );
});
