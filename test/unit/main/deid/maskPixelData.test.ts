// Clean Pixel Data (PS3.15 E.3.1): burned-in text of a real ultrasound is blanked by the rule
// table, natively and from RLE and JPEG-LS lossless encodings (made here with DCMTK), and written
// back losslessly; everything outside the rectangles is unchanged. Images with burned-in text
// that no rule covers are never written. Before/after PNGs go to test-results/deid/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicomFile } from '../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import { VENDOR_RULES } from '../../../../main/deid/burnedIn/vendorRegions.js';
import { repoRoot, testData } from '../../../support/paths.js';
import { pixelBytes, valuesOf } from './inputFacts.js';
import { hasDciodvfy, newDciodvfyErrors } from './dciodvfy.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 3));
const work = mkdtempSync(join(tmpdir(), 'mitate-deid-pixels-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const US = join(testData('deid-pixels'), 'GREYSCALE_IMAGE.dcm');
const ROWS = 768;
const COLUMNS = 1024;
const RULE = VENDOR_RULES.find((rule) => rule.name === 'philips-epiq-1024x768')!;

/** Every pixel inside one of `regions` is 0, every other pixel is the original's. */
function maskedExactly(
  masked: Buffer,
  original: Buffer,
  regions: readonly { x: number; y: number; width: number; height: number }[],
): { inside: number; changedOutside: number; notBlankInside: number } {
  const inRegion = new Uint8Array(ROWS * COLUMNS);
  for (const r of regions)
    for (let y = r.y; y < r.y + r.height; y++)
      inRegion.fill(1, y * COLUMNS + r.x, y * COLUMNS + r.x + r.width);
  let inside = 0;
  let changedOutside = 0;
  let notBlankInside = 0;
  for (let i = 0; i < inRegion.length; i++) {
    if (inRegion[i]) {
      inside++;
      if (masked[i] !== 0) notBlankInside++;
    } else if (masked[i] !== original[i]) changedOutside++;
  }
  return { inside, changedOutside, notBlankInside };
}

function savePng(pixels: Buffer, name: string): string {
  const png = new PNG({ width: COLUMNS / 2, height: ROWS / 2 });
  for (let y = 0; y < ROWS / 2; y++) {
    for (let x = 0; x < COLUMNS / 2; x++) {
      const value = pixels[y * 2 * COLUMNS + x * 2]!;
      png.data.set([value, value, value, 255], (y * (COLUMNS / 2) + x) * 4);
    }
  }
  const folder = join(repoRoot, 'test-results/deid');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, name), PNG.sync.write(png));
  return join(folder, name);
}

const dcmtk = (tool: string): boolean => spawnSync(tool, ['--version']).error === undefined;

describe('Clean Pixel Data on a real ultrasound with burned-in text', () => {
  const original = pixelBytes(parseDicomFile(readFileSync(US)).body)!;

  it('blanks every region of the layout and what the detector finds, keeps every other pixel, sets Burned In Annotation NO, reports the regions', async () => {
    const { outputFiles, report } = await pseudonymizeStudy([US], {
      outDir: join(work, 'native'),
      options: ['cleanPixelData'],
      keys,
    });
    expect(outputFiles).toHaveLength(1);
    const output = parseDicomFile(readFileSync(outputFiles[0]!.path));
    const masked = pixelBytes(output.body)!;
    expect(masked.length).toBe(original.length);
    const entry = report.studies[0]!.masked[0]!;
    expect(entry).toMatchObject({
      sopInstanceUid: outputFiles[0]!.sopInstanceUid,
      seriesInstanceUid: outputFiles[0]!.seriesInstanceUid,
      rule: 'philips-epiq-1024x768',
      frames: 1,
      decompressed: false,
    });
    // The rule's regions first, as the table has them; then what the detector found beyond them.
    expect(entry.regions.slice(0, RULE.regions.length)).toEqual(
      RULE.regions.map(({ x, y, width, height }) => ({ x, y, width, height })),
    );
    expect(entry.detected).toBe(entry.regions.length - RULE.regions.length);
    const check = maskedExactly(masked, original, entry.regions);
    expect(check.notBlankInside).toBe(0);
    expect(check.changedOutside).toBe(0);
    expect(valuesOf(output.body, 0x00280301)).toEqual(['NO']);
    if (hasDciodvfy) expect(newDciodvfyErrors(US, outputFiles[0]!.path)).toEqual([]);
    savePng(original, 'us-before.png');
    savePng(masked, 'us-after.png');
  });

  for (const [tool, args, syntax] of [
    ['dcmcrle', [], 'RLE Lossless'],
    ['dcmcjpls', ['--encode-lossless'], 'JPEG-LS Lossless'],
  ] as const) {
    const available = dcmtk(tool);
    it(`${syntax} input is decoded, masked and written back uncompressed (lossless)${available ? '' : ` (skipped: ${tool} not installed)`}`, async () => {
      if (!available) return;
      const compressed = join(work, `us-${tool}.dcm`);
      const made = spawnSync(tool, [...args, US, compressed]);
      expect(made.status, String(made.stderr)).toBe(0);
      expect(
        parseDicomFile(readFileSync(compressed)).body.find((element) => element.tag === 0x7fe00010)
          ?.fragments,
      ).toBeDefined();
      const { outputFiles, report } = await pseudonymizeStudy([compressed], {
        outDir: join(work, tool),
        options: ['cleanPixelData'],
        keys,
      });
      const output = parseDicomFile(readFileSync(outputFiles[0]!.path));
      expect(output.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
      const masked = pixelBytes(output.body)!;
      const check = maskedExactly(masked, original, report.studies[0]!.masked[0]!.regions);
      expect(check).toMatchObject({ notBlankInside: 0, changedOutside: 0 });
      expect(report.studies[0]!.masked[0]!.decompressed).toBe(true);
      if (hasDciodvfy) expect(newDciodvfyErrors(compressed, outputFiles[0]!.path)).toEqual([]);
    });
  }

  it('without Clean Pixel Data, an image with Burned In Annotation YES is not written', async () => {
    const { outputFiles, report } = await pseudonymizeStudy([US], {
      outDir: join(work, 'refused'),
      options: [],
      keys,
    });
    expect(outputFiles).toEqual([]);
    expect(report.excluded).toEqual([{ inputIndex: 0, reason: 'burnedInTextNotCleaned' }]);
  });

  it('with Clean Pixel Data but no rule for the device, it is not written either', async () => {
    const file = join(testData('deid-phi/dicognito'), 'burned_in_yes.dcm');
    const { outputFiles, report } = await pseudonymizeStudy([file], {
      outDir: join(work, 'no-rule'),
      options: ['cleanPixelData'],
      keys,
    });
    expect(outputFiles).toEqual([]);
    expect(report.excluded).toEqual([{ inputIndex: 0, reason: 'burnedInTextWithoutRule' }]);
  });
});
