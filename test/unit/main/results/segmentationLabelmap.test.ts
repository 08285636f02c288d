import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, text } from '../../../../main/results/dicomDataset.js';
import { segmentationLabelmap } from '../../../../main/results/segmentationLabelmap.js';
import { summariseSegmentation } from '../../../../main/results/segmentationSummary.js';
import { testData } from '../../../support/paths.js';

/** Third-party SEGs unpacked into label images of their source images (highdicom BINARY and FRACTIONAL, dcmqi). */
describe('SEG to label images', () => {
  const sourceUids = async (folder: string): Promise<Set<string>> => {
    const names = await readdir(testData(folder));
    return new Set(
      await Promise.all(
        names.map(async (name) =>
          text(readDataset(await readFile(join(testData(folder), name))).SOPInstanceUID),
        ),
      ),
    );
  };

  for (const file of ['seg_image_ct_binary.dcm', 'seg_image_ct_binary_fractional.dcm']) {
    it(`highdicom ${file}: every frame lands on one of the 16x16 CT2 images it was made from`, async () => {
      const dataset = readDataset(await readFile(testData(`deid-references/highdicom/${file}`)));
      const labelmap = segmentationLabelmap(dataset, '1.2.840.10008.1.2.1');
      const sources = await sourceUids('deid-references/pydicom-ct2');
      expect(labelmap.rows).toBe(16);
      expect(labelmap.columns).toBe(16);
      expect(labelmap.frames.length).toBeGreaterThan(0);
      for (const frame of labelmap.frames)
        expect(sources.has(frame.sourceSopInstanceUid!)).toBe(true);
      // Pixels in the segment per frame, as pydicom's pixel_array counts them (127, 256, 255; fractional: > half of 255).
      const counts = labelmap.frames.map((frame) =>
        frame.labels.reduce((sum, v) => sum + (v === 1 ? 1 : 0), 0),
      );
      expect(counts.sort((a, b) => a - b)).toEqual([127, 255, 256]);
      const summary = summariseSegmentation(dataset);
      expect(summary.segments.map((s) => s.number)).toEqual([1]);
      expect(summary.referencedSeriesInstanceUid).toMatch(/^[0-9.]+$/);
    });
  }

  it('dcmqi 23x38x3: three frames with the label on the CT slices', async () => {
    const segFolder = testData('deid-references/dcmqi-23x38x3/seg');
    const [segName] = await readdir(segFolder);
    const dataset = readDataset(await readFile(join(segFolder, segName!)));
    const labelmap = segmentationLabelmap(dataset, '1.2.840.10008.1.2.1');
    expect([labelmap.columns, labelmap.rows]).toEqual([23, 38]);
    const sources = await sourceUids('deid-references/dcmqi-23x38x3/image');
    expect(labelmap.frames.length).toBeGreaterThan(0);
    for (const frame of labelmap.frames)
      expect(sources.has(frame.sourceSopInstanceUid!)).toBe(true);
  });
});
