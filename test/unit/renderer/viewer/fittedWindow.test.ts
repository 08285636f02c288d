import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { fittedWindow, type ImageWindow } from '../../../../renderer/viewer/fittedWindow.js';
import { testData } from '../../../support/paths.js';

/** A file's stored pixels, its modality rescale and its windows, read straight from the file. */
async function image(
  path: string,
): Promise<{ values: number[]; toModality: (value: number) => number; windows: ImageWindow[] }> {
  const dataSet = dicomParser.parseDicom(await readFile(testData(path)));
  const element = dataSet.elements['x7fe00010']!;
  const count = dataSet.uint16('x00280010')! * dataSet.uint16('x00280011')!;
  const view = new DataView(
    dataSet.byteArray.buffer,
    dataSet.byteArray.byteOffset + element.dataOffset,
    count * 2,
  );
  const signed = dataSet.uint16('x00280103') === 1;
  const values = Array.from({ length: count }, (_, index) =>
    signed ? view.getInt16(index * 2, true) : view.getUint16(index * 2, true),
  );
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const windows = (dataSet.string('x00281050') ?? '').split('\\').map((center, index) => ({
    center: Number(center),
    width: Number((dataSet.string('x00281051') ?? '').split('\\')[index]),
  }));
  return { values, toModality: (value) => value * slope + intercept, windows };
}

describe('fittedWindow', () => {
  it('keeps the window of a file whose pixels it shows', async () => {
    for (const path of [
      'deid-phi/pydicom/MR_small.dcm',
      'dicomdir-pydicom/77654033/CR1/6154',
      'dicomdir-pydicom/98892001/CT5N/2062',
      'deid-phi/pydicom/examples_overlay.dcm',
    ]) {
      const { values, toModality, windows } = await image(path);
      expect(fittedWindow(values, toModality, windows), path).toBeUndefined();
    }
  });

  it('gives a shrunk CT whose brain window clips every pixel white its own min/max', async () => {
    // pydicom's 16 x 16 CT: HU 77 to 1360 under a 30/100 window (-20 to 80 HU).
    const { values, toModality, windows } = await image('dicomdir-pydicom/77654033/CT2/17136');
    expect(windows).toEqual([{ center: 30, width: 100 }]);
    expect(fittedWindow(values, toModality, windows)).toEqual({
      center: (77 + 1360) / 2,
      width: 1360 - 77,
    });
  });

  it('leaves a window alone that shows the pixels in few grey levels', async () => {
    // Values 48 to 80 under 149/359: dim and low in contrast, but the file's choice.
    const { values, toModality, windows } = await image('dicomdir-pydicom/98892003/MR700/4467');
    expect(fittedWindow(values, toModality, windows)).toBeUndefined();
    // A uniform phantom in its proper window.
    expect(
      fittedWindow(new Array(256).fill(1064), (value) => value - 1024, [
        { center: 40, width: 400 },
      ]),
    ).toBeUndefined();
  });

  it("takes the file's next window when the first does not fit", async () => {
    const { values, toModality } = await image('dicomdir-pydicom/77654033/CT2/17136');
    const second = { center: 700, width: 1400 };
    expect(fittedWindow(values, toModality, [{ center: 30, width: 100 }, second])).toEqual(second);
  });

  it('gives a uniform image a window of width 1 around its value', () => {
    expect(
      fittedWindow(new Array(256).fill(5), (value) => value, [{ center: 300, width: 100 }]),
    ).toEqual({ center: 5, width: 1 });
  });
});
