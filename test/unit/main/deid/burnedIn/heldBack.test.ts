// An image whose text the detector is not sure of is held back: not written, listed with its
// reason and the regions it would mask, until the doctor confirms having looked at it. Then it is
// written masked, but without claiming it was verified: Burned In Annotation is not set to NO and
// the Clean Pixel Data code is left out of the method. Every planted ink pixel is blank either way.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicomFile } from '../../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../../main/deid/pseudonymKeys.js';
import { testData } from '../../../../support/paths.js';
import { inkLeft, openDicomCanvas } from '../../../../support/burnedIn/plantInDicom.js';
import { drawLine, loadStrips, scaleStrip } from '../../../../support/burnedIn/textSet.js';
import { pixelBytes, valuesOf } from '../inputFacts.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 6));
const work = mkdtempSync(join(tmpdir(), 'mitate-held-back-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('images held back for review', () => {
  // Grey text (100 of 255) on the dark part of the ultrasound: word-like, but not standing out
  // as strongly as burned-in text does.
  const dicom = openDicomCanvas(join(testData('deid-pixels'), 'GREYSCALE_IMAGE.dcm'));
  const strips = loadStrips();
  const planted = [
    drawLine(dicom.canvas, scaleStrip(strips[0]!, 14), { x: 300, y: 260 }, [100], '', 14),
    drawLine(dicom.canvas, scaleStrip(strips[3]!, 12), { x: 300, y: 300 }, [100], '', 12),
  ];
  const input = join(work, 'faint.dcm');
  dicom.save(input);

  it('is not written, and the report says why and what would be masked', async () => {
    const { outputFiles, report, thumbnails } = await pseudonymizeStudy([input], {
      outDir: join(work, 'held'),
      options: ['cleanPixelData'],
      keys,
      thumbnails: true,
    });
    expect(outputFiles).toEqual([]);
    expect(report.excluded).toEqual([{ inputIndex: 0, reason: 'textUnsure' }]);
    expect(report.held).toHaveLength(1);
    const held = report.held![0]!;
    expect(held.reason).toBe('textUnsure');
    // Named by the UID it would be sent under, never the original.
    const original = valuesOf(parseDicomFile(readFileSync(input)).body, 0x00080018)[0]!;
    expect(held.sopInstanceUid).toBe(keys.uid(original));
    expect(held.regions.length).toBeGreaterThan(5);
    // A picture of it as it would be sent, for the doctor to look at.
    const picture = thumbnails.find(
      (thumbnail) => thumbnail.sopInstanceUid === held.sopInstanceUid,
    );
    expect(picture?.width).toBe(256);
    expect(Buffer.from(picture!.png.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });

  it('once confirmed, is written masked, without claiming the pixels were verified', async () => {
    const first = await pseudonymizeStudy([input], {
      outDir: join(work, 'first'),
      options: ['cleanPixelData'],
      keys,
    });
    const uid = first.report.held![0]!.sopInstanceUid;
    const { outputFiles, report } = await pseudonymizeStudy([input], {
      outDir: join(work, 'confirmed'),
      options: ['cleanPixelData'],
      keys,
      reviewed: new Set([uid]),
    });
    expect(report.excluded).toEqual([]);
    expect(outputFiles.map((file) => file.sopInstanceUid)).toEqual([uid]);
    expect(report.studies[0]!.masked[0]!.reviewed).toBe(true);
    const output = parseDicomFile(readFileSync(outputFiles[0]!.path));
    expect(inkLeft(dicom.canvas, pixelBytes(output.body)!, planted)).toBe(0);
    expect(valuesOf(output.body, 0x00280301)).not.toEqual(['NO']);
    expect(valuesOf(output.body, 0x00120063).join('\\')).not.toContain('113101');
  });
});
