// The vendor layout table: every rule says where it comes from, and on the real images it was
// measured on, its regions hold all the text there is (the detector finds none left once they are
// blanked). Text planted in every region, and elsewhere, of those images leaves no ink pixel in
// the output bytes, and nothing outside the reported regions changes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicomFile } from '../../../../../main/dicom/index.js';
import { detectTextInFrame } from '../../../../../main/deid/burnedIn/detectText.js';
import { nativeFrames } from '../../../../../main/deid/burnedIn/nativeFrames.js';
import { VENDOR_RULES } from '../../../../../main/deid/burnedIn/vendorRegions.js';
import { maskFrame } from '../../../../../main/deid/maskPixelData.js';
import { pseudonymizeStudy } from '../../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../../main/deid/pseudonymKeys.js';
import { testData } from '../../../../support/paths.js';
import { inkLeft, openDicomCanvas } from '../../../../support/burnedIn/plantInDicom.js';
import {
  drawLine,
  loadStrips,
  scaleStrip,
  type PlantedLine,
} from '../../../../support/burnedIn/textSet.js';
import { pixelBytes, valuesOf } from '../inputFacts.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 5));
const work = mkdtempSync(join(tmpdir(), 'mitate-vendor-regions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MEASURED = [
  { rule: 'philips-epiq-1024x768', file: 'GREYSCALE_IMAGE.dcm', ink: [255] },
  { rule: 'siemens-acuson-1024x768', file: 'RGB_IMAGE.dcm', ink: [255, 255, 0] },
] as const;

describe('vendor layout rules', () => {
  it('every rule names its source, and its regions lie inside the image it is for', () => {
    expect(new Set(VENDOR_RULES.map((rule) => rule.name)).size).toBe(VENDOR_RULES.length);
    for (const rule of VENDOR_RULES) {
      expect(rule.source.length, rule.name).toBeGreaterThan(10);
      expect(rule.regions.length, rule.name).toBeGreaterThan(0);
      for (const region of rule.regions) {
        expect(region.x + region.width, rule.name).toBeLessThanOrEqual(rule.columns ?? Infinity);
        expect(region.y + region.height, rule.name).toBeLessThanOrEqual(rule.rows ?? Infinity);
      }
    }
  });

  for (const { rule: name, file } of MEASURED) {
    it(`${name}: once its regions are blanked, the detector finds no text left on the image it was measured on`, async () => {
      const rule = VENDOR_RULES.find((candidate) => candidate.name === name)!;
      const { frames, image } = await nativeFrames(
        parseDicomFile(readFileSync(join(testData('deid-pixels'), file))),
      );
      const before = detectTextInFrame(frames[0]!, image);
      expect(before.text.length, 'the image has text to find').toBeGreaterThan(5);
      const frame = new Uint8Array(frames[0]!);
      maskFrame(frame, image, rule.regions);
      const after = detectTextInFrame(frame, image);
      expect(after.text).toEqual([]);
      expect(after.unsure).toEqual([]);
    });
  }

  for (const { rule: name, file, ink } of MEASURED) {
    it(`${name}: text planted in every region and in the image leaves no ink in the output, and nothing else changes`, async () => {
      const rule = VENDOR_RULES.find((candidate) => candidate.name === name)!;
      const dicom = openDicomCanvas(join(testData('deid-pixels'), file));
      const { canvas } = dicom;
      const strips = loadStrips();
      const planted: PlantedLine[] = [];
      rule.regions.forEach((region, index) => {
        for (let y = region.y; y < region.y + region.height; y++)
          canvas.pixels.fill(
            0,
            (y * canvas.width + region.x) * canvas.channels,
            (y * canvas.width + region.x + region.width) * canvas.channels,
          );
        const fontPx = Math.max(8, Math.min(16, Math.floor(region.height / 2)));
        const strip = scaleStrip(strips[index % strips.length]!, fontPx);
        const y = region.y + Math.max(0, Math.floor((region.height - strip.height) / 2));
        planted.push(drawLine(canvas, strip, { x: region.x + 2, y }, ink, '', fontPx));
      });
      // And a name and a date where no rule looks: the detector's part.
      planted.push(drawLine(canvas, scaleStrip(strips[0]!, 12), { x: 400, y: 420 }, ink, '', 12));
      planted.push(drawLine(canvas, scaleStrip(strips[4]!, 10), { x: 300, y: 600 }, ink, '', 10));
      const input = join(work, `${name}.dcm`);
      dicom.save(input);
      const original = Buffer.from(canvas.pixels);

      const { outputFiles, report } = await pseudonymizeStudy([input], {
        outDir: join(work, name),
        options: ['cleanPixelData'],
        keys,
      });
      expect(report.excluded).toEqual([]);
      const output = parseDicomFile(readFileSync(outputFiles[0]!.path));
      const pixels = pixelBytes(output.body)!;
      expect(
        planted.map((line) => inkLeft(canvas, pixels, [line])),
        'planted ink pixels left, line by line',
      ).toEqual(planted.map(() => 0));
      const entry = report.studies[0]!.masked[0]!;
      expect(entry.rule).toBe(name);
      const inRegion = new Uint8Array(canvas.width * canvas.height);
      for (const r of entry.regions)
        for (let y = r.y; y < r.y + r.height; y++)
          inRegion.fill(1, y * canvas.width + r.x, y * canvas.width + r.x + r.width);
      let notBlank = 0;
      let changed = 0;
      for (let i = 0; i < pixels.length; i++) {
        if (inRegion[Math.floor(i / canvas.channels)]) {
          if (pixels[i] !== 0) notBlank++;
        } else if (pixels[i] !== original[i]) changed++;
      }
      expect({ notBlank, changed }).toEqual({ notBlank: 0, changed: 0 });
      expect(valuesOf(output.body, 0x00280301)).toEqual(['NO']);
      expect(valuesOf(output.body, 0x00120063).join('\\')).toContain('113101');
    });
  }
});
