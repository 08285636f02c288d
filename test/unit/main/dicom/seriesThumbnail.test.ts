import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderThumbnail } from '../../../../main/dicom/seriesThumbnail.js';
import { testData } from '../../../support/paths.js';

const CT = testData('ct-transfer-syntaxes-cornerstone');
const MR_TS = testData('mr-transfer-syntaxes-dcm_qa_ts');

function mean(pixels: Uint8Array, width: number, x0: number, y0: number, size: number): number {
  let sum = 0;
  for (let y = y0; y < y0 + size; y++)
    for (let x = x0; x < x0 + size; x++) sum += pixels[y * width + x] ?? 0;
  return sum / (size * size);
}

describe('series thumbnails', () => {
  it('draws the 512x512 CT at 96x96 in its own window: body bright in the middle, air black in the corners', async () => {
    const names = await readdir(CT);
    const thumbnail = await renderThumbnail(
      join(CT, names.find((name) => name.includes('LittleEndianExplicit')) ?? ''),
      1,
    );
    expect(thumbnail).toMatchObject({ width: 96, height: 96 });
    const pixels = thumbnail?.pixels ?? new Uint8Array();
    expect(mean(pixels, 96, 36, 36, 24)).toBeGreaterThan(60);
    expect(mean(pixels, 96, 0, 0, 8)).toBeLessThan(5);
    expect(mean(pixels, 96, 88, 88, 8)).toBeLessThan(5);
  });

  it('gives the same picture from little-endian, implicit and big-endian encodings of one image', async () => {
    const [explicit, implicit, bigEndian] = await Promise.all(
      ['1.dcm', '2.dcm', '3.dcm'].map((name) => renderThumbnail(join(MR_TS, name), 1)),
    );
    expect(implicit?.pixels).toEqual(explicit?.pixels);
    expect(bigEndian?.pixels).toEqual(explicit?.pixels);
  });

  it('uses the CT window of the file and reads deflated files; compressed pixel data gives no thumbnail', async () => {
    const names = await readdir(CT);
    const named = (part: string) => join(CT, names.find((name) => name.includes(part)) ?? '');
    const plain = await renderThumbnail(named('LittleEndianExplicit'), 1);
    const deflated = await renderThumbnail(named('Deflated'), 1);
    expect(plain?.width).toBeGreaterThan(0);
    expect(deflated?.pixels).toEqual(plain?.pixels);
    expect(await renderThumbnail(named('JPEG2000Lossless'), 1)).toBeNull();
    expect(await renderThumbnail(named('RLELossless'), 1)).toBeNull();
  });
});
