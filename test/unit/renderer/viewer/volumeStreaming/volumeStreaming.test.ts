// The worker path of volume loading (renderer/viewer/volumeStreaming): the values it gives a
// volume from a real CT slice's Pixel Data, and the order it fetches slices in.
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import {
  modalityPixels,
  type SliceLayout,
} from '../../../../../renderer/viewer/volumeStreaming/modalityPixels.js';
import {
  middleIndex,
  middleOutOrder,
} from '../../../../../renderer/viewer/volumeStreaming/sliceOrder.js';
import { testData } from '../../../../support/paths.js';

const layout = (overrides: Partial<SliceLayout>): SliceLayout => ({
  rows: 1,
  columns: 4,
  bitsStored: 16,
  pixelRepresentation: 0,
  slope: 1,
  intercept: 0,
  target: 'Int16Array',
  ...overrides,
});
const words = (values: number[]): Uint8Array => new Uint8Array(new Uint16Array(values).buffer);

describe('modalityPixels', () => {
  it('applies Rescale Slope and Intercept to unsigned stored values', () => {
    const result = modalityPixels(words([0, 1024, 1064, 4095]), layout({ intercept: -1024 }));
    expect('values' in result && [...result.values]).toEqual([-1024, 0, 40, 3071]);
    expect(result).toMatchObject({ min: -1024, max: 3071 });
  });

  it("sign-extends two's complement values from Bits Stored, as the DICOM decoder does", () => {
    // 12 bits stored: 0x0E0C is -500 and 0x07FF is 2047; the bits above the 12th are not the sign.
    const result = modalityPixels(
      words([0x0e0c, 0x07ff, 0x0800, 0x0000]),
      layout({ bitsStored: 12, pixelRepresentation: 1, slope: 2, intercept: -24 }),
    );
    expect('values' in result && [...result.values]).toEqual([-1024, 4070, -4120, -24]);
  });

  it('gives floats for a Float32 volume and keeps fractional scaling', () => {
    const result = modalityPixels(
      words([1, 2, 3, 4]),
      layout({ slope: 0.5, intercept: 0.25, target: 'Float32Array' }),
    );
    expect('values' in result && result.values).toBeInstanceOf(Float32Array);
    expect('values' in result && [...result.values]).toEqual([0.75, 1.25, 1.75, 2.25]);
  });

  it('refuses what the volume type cannot hold, and short pixel data', () => {
    expect(modalityPixels(words([40000, 0, 0, 0]), layout({}))).toEqual({
      unsupported: 'values outside the volume type',
    });
    expect(modalityPixels(words([1, 2, 3, 4]), layout({ slope: 0.5 }))).toEqual({
      unsupported: 'values outside the volume type',
    });
    expect(modalityPixels(words([1, 2, 3]), layout({}))).toEqual({
      unsupported: 'short pixel data',
    });
  });

  it('reads a real signed CT slice (GE, 512x512) from an odd offset as from an even one', () => {
    const bytes = new Uint8Array(readFileSync(testData('ct-head-ge-gantry-tilt-subset/10.dcm')));
    const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    const pixelData = dataSet.elements['x7fe00010']!;
    const sliceLayout = layout({
      rows: dataSet.uint16('x00280010')!,
      columns: dataSet.uint16('x00280011')!,
      pixelRepresentation: 1,
      slope: dataSet.floatString('x00281053') ?? 1,
      intercept: dataSet.floatString('x00281052') ?? 0,
    });
    const even = modalityPixels(
      bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length),
      sliceLayout,
    );
    // The file as read, before the even path writes the values over its stored ones.
    const view = new DataView(bytes.slice().buffer, pixelData.dataOffset);
    const shifted = new Uint8Array(pixelData.length + 1);
    shifted.set(bytes.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length), 1);
    const odd = modalityPixels(shifted.subarray(1), sliceLayout);
    if (!('values' in even) || !('values' in odd)) throw new Error('unsupported');
    const bytesOf = (values: ArrayBufferView): Buffer =>
      Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    expect(bytesOf(odd.values).equals(bytesOf(even.values))).toBe(true);
    // The head: air below -900 HU around it, soft tissue and bone inside.
    expect(even.min).toBeLessThan(-900);
    expect(even.max).toBeGreaterThan(1000);
    const centre = 256 * 512 + 256;
    expect(even.values[centre]).toBe(
      view.getInt16(centre * 2, true) * sliceLayout.slope + sliceLayout.intercept,
    );
    // The 16-bit values were written over the file's stored ones; the odd copy has its own.
    expect(even.values.buffer).toBe(bytes.buffer);
    expect(odd.values.buffer).not.toBe(shifted.buffer);
  });
});

describe('middleOutOrder', () => {
  it('gives every slice once, the middle first, then every 8th from offsets 0, 4, 2, 6, 1, 5, 3, 7', () => {
    const order = middleOutOrder(20);
    expect(order[0]).toBe(middleIndex(20));
    expect([...order].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index),
    );
    expect(order.slice(1, 8)).toEqual([0, 8, 16, 4, 12, 2, 10]);
    expect(middleOutOrder(1)).toEqual([0]);
    expect(middleOutOrder(0)).toEqual([]);
  });
});
