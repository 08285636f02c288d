import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { imagePlane } from '../support/imagePlane.js';
import { testData } from '../support/paths.js';
import { saturation, screenRgb, type ScreenRgb } from '../support/screenColour.js';
import { readBinarySegmentation } from '../support/segmentationFrames.js';
import { imageToScreen, importTogether, useWorkFolder } from './reviewImport.js';
import { checkSegmentsOnSlice, deepestOnlyIn, unionOnSlice } from './segmentationChecks.js';

/**
 * Third-party SEGs over their source images through the dev host: made by highdicom and dcmqi,
 * imported beside the images they were made from (with highdicom's TID 1500 SR beside its CT).
 * Each check compares the screen with the objects' own frames. The review of our own service's
 * results is part of the main job, in mainJob.spec.ts; SR regions are in reviewRegions.spec.ts.
 */
useWorkFolder();

/** Share of an element's pixels that are clearly coloured (the overlay), not grey. */
async function colouredShare(locator: Locator, path: string): Promise<number> {
  const png = PNG.sync.read(await locator.screenshot({ animations: 'disabled', path }));
  let coloured = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    const rgb = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
    if (saturation(rgb) > 40) coloured++;
  }
  return coloured / (png.width * png.height);
}

test('a third-party SEG (highdicom) opens over its source CT images', async ({ app }, testInfo) => {
  await importTogether(app, 'third-party', [
    'deid-references/pydicom-ct2',
    'deid-references/highdicom/seg_image_ct_binary.dcm',
  ]);
  // The imported SEG is listed as a result, not as an image series; its segment says AUTOMATIC
  // (algorithm "test"), so it is marked AI here as in the review.
  const resultRow = app.getByTestId('result-series');
  await expect(resultRow).toHaveCount(1, { timeout: 60_000 });
  await expect(resultRow).toHaveAttribute('data-kind', 'imported');
  await expect(resultRow).toHaveAttribute('data-ai', 'true');
  await expect(resultRow).toContainText('SEG');
  await expect(resultRow).not.toContainText('手動・他社製');
  await expect(app.getByTestId('series-item')).toHaveCount(1);
  await expect(app.getByTestId('series-item')).toContainText('CT');
  await app.screenshot({ path: testInfo.outputPath('library-imported-seg.png') });
  // Choosing it opens the review, not an image stack.
  await resultRow.click();
  const annotated = app.getByTestId('review-annotated');
  await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 60_000 });
  await expect(app.getByTestId('segment-item')).toHaveCount(1);
  await app.waitForTimeout(300);
  await app.screenshot({ path: testInfo.outputPath('review-third-party.png') });
  // The middle CT2 slice has the segment over about half of its 16x16 pixels; the original beside it is grey.
  expect(
    await colouredShare(annotated, testInfo.outputPath('third-party-annotated.png')),
  ).toBeGreaterThan(0.05);
  expect(
    await colouredShare(
      app.getByTestId('review-original'),
      testInfo.outputPath('third-party-original.png'),
    ),
  ).toBeLessThan(0.001);

  // highdicom's TID 1500 report (a planar ROI on its CT image): read generically, made by a person, so no AI mark.
  await app.getByTestId('review-close').click();
  await importTogether(app, 'third-party-sr', [
    'deid-references/highdicom/ct_image.dcm',
    'deid-references/highdicom/sr_document.dcm',
  ]);
  await app.getByText('CompressedSamples', { exact: false }).first().click();
  // The SR beside the CT (not indexed: no pixel data) is listed as a result too, and opens the review.
  await expect(resultRow).toHaveCount(1);
  await expect(resultRow).toContainText('Measurement Reports');
  await expect(resultRow).toHaveAttribute('data-ai', 'false');
  await resultRow.click();
  const finding = app.getByTestId('finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('Spinal cord');
  await expect(finding).toContainText('Cervico-thoracic spine');
  await expect(finding).toContainText('1.7 cm2');
  await expect(app.getByTestId('finding-list').getByTestId('ai-mark')).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('review-third-party-sr.png') });
});

test('a third-party SEG with five overlapping segments (dcmqi) opens over its CT: each segment drawn where its frames put it', async ({
  app,
}, testInfo) => {
  await importTogether(app, 'dcmqi', [
    'seg-ct-dcmqi/ct-3slice',
    'seg-ct-dcmqi/partial_overlaps.dcm',
  ]);
  const ctFolder = testData('seg-ct-dcmqi/ct-3slice');
  await expect(app.getByTestId('review-open')).toBeEnabled({ timeout: 60_000 });
  await app.getByTestId('review-open').click();
  const annotated = app.getByTestId('review-annotated');
  await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 60_000 });
  await expect(app.getByTestId('segment-item')).toHaveCount(5);

  const regions = app.getByTestId('review-regions');
  const original = app.getByTestId('review-original');
  const seg = await readBinarySegmentation(testData('seg-ct-dcmqi/partial_overlaps.dcm'));
  const slices = await Promise.all(
    (await readdir(ctFolder)).map((name) => imagePlane(join(ctFolder, name))),
  );
  const checked: number[] = [];
  // The SEG's seven frames are not in slice order; every slice is checked against the frames made from it.
  for (const wheel of [0, 100, -100, -100]) {
    const before = await regions.getAttribute('data-image-position');
    if (wheel !== 0) {
      const box = (await annotated.boundingBox())!;
      await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await app.mouse.wheel(0, wheel);
      await expect(regions).not.toHaveAttribute('data-image-position', before ?? '');
    }
    await expect(regions).toHaveAttribute('data-image-position', /\d/);
    const shown = (await regions.getAttribute('data-image-position'))!.split(',').map(Number);
    const slice = slices.find(
      (candidate) => Math.hypot(...candidate.position.map((v, axis) => v - shown[axis]!)) < 0.01,
    );
    expect(slice, `a CT slice at ${shown.join(',')}`).toBeDefined();
    await app.waitForTimeout(300);
    const name = `dcmqi-${slices.indexOf(slice!)}`;
    await app.screenshot({ path: testInfo.outputPath(`review-${name}.png`) });
    checked.push(
      ...(await checkSegmentsOnSlice(
        seg,
        slice!.sopInstanceUid,
        await screenRgb(annotated, testInfo.outputPath(`${name}-annotated.png`)),
        await screenRgb(original),
        await imageToScreen(regions, seg.columns, seg.rows),
      )),
    );
  }
  // Segments 1 to 5 were each seen where their frames put them (segment 3 is only a line on the middle slice).
  expect([...new Set(checked)].sort()).toEqual([1, 2, 3, 4, 5]);
});

test('two SEGs of one CT (dcmqi): the picker lists both, newest first, and choosing the other changes the overlay', async ({
  app,
}, testInfo) => {
  await importTogether(app, 'two-segs', [
    'seg-ct-dcmqi/ct-3slice',
    'seg-ct-dcmqi/partial_overlaps.dcm',
    'seg-ct-dcmqi/liver.dcm',
  ]);
  const ctFolder = testData('seg-ct-dcmqi/ct-3slice');
  const overlaps = await readBinarySegmentation(testData('seg-ct-dcmqi/partial_overlaps.dcm'));
  const liver = await readBinarySegmentation(testData('seg-ct-dcmqi/liver.dcm'));
  const overlapsUid = (await imagePlane(testData('seg-ct-dcmqi/partial_overlaps.dcm')))
    .sopInstanceUid;
  const liverUid = (await imagePlane(testData('seg-ct-dcmqi/liver.dcm'))).sopInstanceUid;
  await expect(app.getByTestId('review-open')).toBeEnabled({ timeout: 60_000 });
  await app.getByTestId('review-open').click();

  // Both made by people (no Contributing Equipment, MANUAL and SEMIAUTOMATIC segments): no AI mark; the 2023 SEG before the 2016 one.
  const choices = app.getByTestId('result-choice');
  await expect(choices).toHaveCount(2);
  await expect(choices.nth(0)).toHaveAttribute('data-key', overlapsUid);
  await expect(choices.nth(1)).toHaveAttribute('data-key', liverUid);
  await expect(choices.nth(1)).toContainText('Liver Segmentation');
  await expect(app.getByTestId('result-picker').getByTestId('ai-mark')).toHaveCount(0);
  await expect(choices.nth(0)).toHaveAttribute('aria-pressed', 'true');

  const annotated = app.getByTestId('review-annotated');
  const regions = app.getByTestId('review-regions');
  const slices = await Promise.all(
    (await readdir(ctFolder)).map((name) => imagePlane(join(ctFolder, name))),
  );
  /** The overlay of one SEG on screen, and the CT slice it is drawn over. */
  const shownSeg = async (
    sopInstanceUid: string,
    segments: number,
    name: string,
  ): Promise<{ slice: string; annotated: ScreenRgb; original: ScreenRgb }> => {
    await expect(annotated).toHaveAttribute('data-segmentation', sopInstanceUid);
    await expect(annotated).toHaveAttribute('data-overlay', 'ready', { timeout: 60_000 });
    await expect(app.getByTestId('segment-item')).toHaveCount(segments);
    await expect(regions).toHaveAttribute('data-image-position', /\d/);
    const shown = (await regions.getAttribute('data-image-position'))!.split(',').map(Number);
    const slice = slices.find(
      (candidate) => Math.hypot(...candidate.position.map((v, axis) => v - shown[axis]!)) < 0.01,
    );
    expect(slice, `a CT slice at ${shown.join(',')}`).toBeDefined();
    await app.waitForTimeout(300);
    await app.screenshot({ path: testInfo.outputPath(`review-${name}.png`) });
    return {
      slice: slice!.sopInstanceUid,
      annotated: await screenRgb(annotated, testInfo.outputPath(`${name}-annotated.png`)),
      original: await screenRgb(app.getByTestId('review-original')),
    };
  };

  const before = await shownSeg(overlapsUid, 5, 'two-segs-overlaps');
  const toScreen = await imageToScreen(regions, overlaps.columns, overlaps.rows);
  const overlapsOnly = deepestOnlyIn(
    unionOnSlice(overlaps, before.slice),
    unionOnSlice(liver, before.slice),
    overlaps.columns,
    overlaps.rows,
  );
  const liverOnly = deepestOnlyIn(
    unionOnSlice(liver, before.slice),
    unionOnSlice(overlaps, before.slice),
    liver.columns,
    liver.rows,
  );
  expect(overlapsOnly.depth).toBeGreaterThanOrEqual(6);
  expect(liverOnly.depth).toBeGreaterThanOrEqual(6);
  const [ox, oy] = toScreen(overlapsOnly.column + 0.5, overlapsOnly.row + 0.5);
  const [lx, ly] = toScreen(liverOnly.column + 0.5, liverOnly.row + 0.5);
  expect(
    saturation(before.annotated.at(ox, oy)),
    'partial_overlaps drawn where only it has a segment',
  ).toBeGreaterThan(12);
  // Grey like the original there (not equal to it pixel for pixel: inside the textured liver a neighbouring pixel already differs).
  expect(
    saturation(before.annotated.at(lx, ly)),
    'nothing drawn where only the liver is',
  ).toBeLessThan(6);

  await choices.nth(1).click();
  await expect(choices.nth(1)).toHaveAttribute('aria-pressed', 'true');
  const after = await shownSeg(liverUid, 1, 'two-segs-liver');
  expect(after.slice, 'the same CT slice').toBe(before.slice);
  expect(saturation(after.annotated.at(lx, ly)), 'the liver drawn now').toBeGreaterThan(12);
  expect(saturation(after.annotated.at(ox, oy)), 'partial_overlaps gone').toBeLessThan(6);
  expect(saturation(after.original.at(lx, ly)), 'the original stays grey').toBeLessThan(6);

  // From the library: each SEG is a result row of its own, and choosing one opens the review on it.
  await app.getByTestId('review-close').click();
  const rows = app.getByTestId('result-series');
  await expect(rows).toHaveCount(2);
  await expect(app.getByTestId('series-item')).toHaveCount(1);
  await rows.filter({ hasText: 'Liver Segmentation' }).click();
  await expect(annotated).toHaveAttribute('data-segmentation', liverUid);
  await expect(choices.nth(1)).toHaveAttribute('aria-pressed', 'true');
});
