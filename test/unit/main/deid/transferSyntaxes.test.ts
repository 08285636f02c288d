// One CT image in 15 transfer syntaxes: every element the engine does not change is copied byte
// for byte, unmasked pixel data keeps its encoding, and masking decodes, blanks and writes back
// natively; for the lossless syntaxes the result equals the native image with the rectangle blanked.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicomFile, type DicomFile, encodeDicomFile } from '../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import type { BurnedInTextRule } from '../../../../main/deid/burnedInTextRules.js';
import { testData } from '../../../support/paths.js';
import { pixelBytes } from './inputFacts.js';
import { withoutEncoderComment } from './encapsulatedCraft.js';

const folder = testData('ct-transfer-syntaxes-cornerstone');
const files = readdirSync(folder)
  .filter((name) => name.startsWith('CTImage.dcm_'))
  .sort();
const work = mkdtempSync(join(tmpdir(), 'mitate-deid-ts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const keys = createPseudonymKeys(Buffer.alloc(32, 8));
const REGION = { x: 10, y: 20, width: 100, height: 30 };
const RULES: BurnedInTextRule[] = [
  { name: 'test-ct-corner', source: 'this test', modality: 'CT', regions: [REGION] },
];
const LOSSLESS = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
]);

function read(path: string): DicomFile {
  return parseDicomFile(new Uint8Array(readFileSync(path)));
}

/** The 512x512 signed 16-bit values of a native image, whatever its byte order. */
function values(file: DicomFile): Int16Array {
  const bytes = pixelBytes(file.body)!;
  const out = new Int16Array(512 * 512);
  for (let index = 0; index < out.length; index++)
    out[index] = file.bodySyntax.littleEndian
      ? bytes.readInt16LE(index * 2)
      : bytes.readInt16BE(index * 2);
  return out;
}

const reference = values(
  read(join(folder, 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm')),
);
const expected = Int16Array.from(reference);
for (let y = REGION.y; y < REGION.y + REGION.height; y++)
  expected.fill(0, y * 512 + REGION.x, y * 512 + REGION.x + REGION.width);

describe('transfer syntaxes', () => {
  for (const name of files) {
    const syntax = /_([\d.]+)\.dcm$/.exec(name)![1]!;
    it(`${syntax}: untouched elements byte for byte, pixel data copied as encoded, masking written back natively`, async () => {
      const path = join(folder, name);
      const input = read(path);
      expect(input.transferSyntaxUid).toBe(syntax);

      // Parse and re-encode with nothing changed: the data set is the same bytes.
      const original = readFileSync(path);
      const metaEnd = input.meta[input.meta.length - 1]!.end;
      const again = Buffer.concat(
        encodeDicomFile(
          input.meta.map((element) => ({ kind: 'copy', element })),
          input.body.map((element) => ({ kind: 'copy', element })),
          input.bodySyntax,
          input.deflated,
        ),
      );
      if (!input.deflated)
        expect(again.subarray(metaEnd).equals(original.subarray(metaEnd))).toBe(true);
      else expect(parseDicomFile(again).body.length).toBe(input.body.length);

      // Pseudonymized without masking: same transfer syntax, pixel data exactly as it was encoded
      // but for embedded metadata (here OpenJPEG's comment naming itself, in JPEG 2000).
      const plain = await pseudonymizeStudy([path], {
        outDir: join(work, `plain-${syntax}`),
        options: [],
        keys,
      });
      const plainOut = read(plain.outputFiles[0]!.path);
      expect(plainOut.transferSyntaxUid).toBe(syntax);
      expect(
        pixelBytes(plainOut.body)!.equals(withoutEncoderComment(pixelBytes(input.body)!)),
      ).toBe(true);

      // Masked: decoded, blanked, written as Explicit VR Little Endian.
      const masked = await pseudonymizeStudy([path], {
        outDir: join(work, `masked-${syntax}`),
        options: ['cleanPixelData'],
        keys,
        rules: RULES,
      });
      if (masked.outputFiles.length === 0) {
        // Only the 12-bit lossy JPEG processes (2 & 4, 6 & 8, 10 & 12) have no decoder here; the image is then held back.
        expect([
          '1.2.840.10008.1.2.4.51',
          '1.2.840.10008.1.2.4.53',
          '1.2.840.10008.1.2.4.55',
        ]).toContain(syntax);
        expect(masked.report.excluded).toEqual([{ inputIndex: 0, reason: 'cannotDecodePixels' }]);
        return;
      }
      const out = read(masked.outputFiles[0]!.path);
      expect(out.transferSyntaxUid).toBe(
        input.body.find((element) => element.tag === 0x7fe00010)!.fragments
          ? '1.2.840.10008.1.2.1'
          : syntax,
      );
      if (pixelBytes(out.body)!.length === 512 * 512) {
        // The baseline JPEG copy is an 8-bit image: check the rectangle only.
        const bytes = pixelBytes(out.body)!;
        for (let y = REGION.y; y < REGION.y + REGION.height; y++)
          for (let x = REGION.x; x < REGION.x + REGION.width; x++)
            expect(bytes[y * 512 + x]).toBe(0);
        return;
      }
      const got = values(out);
      for (let y = REGION.y; y < REGION.y + REGION.height; y++)
        for (let x = REGION.x; x < REGION.x + REGION.width; x++) expect(got[y * 512 + x]).toBe(0);
      if (LOSSLESS.has(syntax)) {
        // The text detector reads a CT without Burned In Annotation as well: what it masked
        // beyond the rule (faint shapes of the table) is in the report, and only that changed.
        const want = Int16Array.from(expected);
        for (const r of masked.report.studies[0]!.masked[0]!.regions)
          for (let y = r.y; y < r.y + r.height; y++)
            want.fill(0, y * 512 + r.x, y * 512 + r.x + r.width);
        expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
      }
    });
  }
});
