import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { PNG } from 'pngjs';
import type { Locator, Page } from '@playwright/test';
import { expect, openPath, test } from './fixtures.js';
import { imagePlane } from '../support/imagePlane.js';
import { testData } from '../support/paths.js';
import {
  hueDistance,
  mostColouredNear,
  saturation,
  screenRgb,
  type ScreenRgb,
} from '../support/screenColour.js';
import { readBinarySegmentation, type Segmentation } from '../support/segmentationFrames.js';
import { planarRoiReportOn } from '../support/planarRoiReport.js';
import { scoordItems } from '../support/srSpatialCoordinates.js';

/**
 * Third-party results over their source images through the dev host: SEGs
 * and TID 1500 SRs made by highdicom and dcmqi, imported beside the images they were made from.
 * Each check compares the screen with the objects' own frames and coordinates. The review of our
 * own service's results is part of the main job, in mainJob.spec.ts.
 */
let work: string;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-review-e2e-'));
});
test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Copies test files (or every file of test folders) into one new folder and imports it: results beside their images, as they arrive from elsewhere. */
async function importTogether(app: Page, name: string, sources: string[]): Promise<string> {
  const folder = join(work, name);
  await mkdir(folder, { recursive: true });
  for (const source of sources.map((path) => (isAbsolute(path) ? path : testData(path)))) {
    const names = source.endsWith('.dcm') ? [''] : await readdir(source);
    for (const file of names)
      await copyFile(join(source, file), join(folder, file === '' ? basename(source) : file));
  }
  await openPath(app, folder);
  return folder;
}

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

/** Where image pixel (column, row) (0,0 = outer top left corner) is on the viewport, from the rectangle the review reports. */
async function imageToScreen(
  regions: Locator,
  columns: number,
  rows: number,
): Promise<(column: number, row: number) => [number, number]> {
  const [x, y, width, height] = (await regions.getAttribute('data-image-rect'))!
    .split(',')
    .map(Number) as [number, number, number, number];
  return (column, row) => [x + (column * width) / columns, y + (row * height) / rows];
}

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

/** Depth (pixels) of a square around (column, row) that stays inside a mask. */
function depthInside(
  mask: Uint8Array,
  columns: number,
  rows: number,
  column: number,
  row: number,
  limit: number,
): number {
  for (let r = 1; r <= limit; r++) {
    for (let d = -r; d <= r; d++) {
      for (const [c, w] of [
        [column + d, row - r],
        [column + d, row + r],
        [column - r, row + d],
        [column + r, row + d],
      ] as const) {
        if (c < 0 || w < 0 || c >= columns || w >= rows || mask[w * columns + c] !== 1)
          return r - 1;
      }
    }
  }
  return limit;
}

/** The pixel of a mask deepest inside it (every `step` pixels, depth up to `limit`). */
function deepestIn(
  mask: Uint8Array,
  columns: number,
  rows: number,
  step: number,
  limit: number,
): { column: number; row: number; depth: number } {
  let best = { column: 0, row: 0, depth: -1 };
  for (let row = 0; row < rows; row += step) {
    for (let column = 0; column < columns; column += step) {
      if (mask[row * columns + column] !== 1) continue;
      const depth = depthInside(mask, columns, rows, column, row, limit);
      if (depth > best.depth) best = { column, row, depth };
    }
  }
  return best;
}

/**
 * Checks one slice of the annotated viewport against the SEG frames made from its image: where a
 * segment is shown (the highest segment number wins where they overlap, as the app draws them),
 * deep inside it, the CT is tinted with that segment's own colour; far from every segment, the
 * annotated image is the original. Returns the segments checked.
 */
async function checkSegmentsOnSlice(
  seg: Segmentation,
  sopInstanceUid: string,
  annotated: ScreenRgb,
  original: ScreenRgb,
  toScreen: (column: number, row: number) => [number, number],
): Promise<number[]> {
  const { rows, columns } = seg;
  const onSlice = seg.frames.filter((frame) => frame.sourceSopInstanceUid === sopInstanceUid);
  const shownLabel = new Uint8Array(rows * columns);
  for (const frame of onSlice)
    for (let i = 0; i < shownLabel.length; i++)
      if (frame.mask[i] === 1 && frame.segmentNumber > shownLabel[i]!)
        shownLabel[i] = frame.segmentNumber;
  const tints: [number, number, number][] = [];
  const checked: number[] = [];
  for (const segmentNumber of new Set(onSlice.map((frame) => frame.segmentNumber))) {
    const mask = Uint8Array.from(shownLabel, (label) => (label === segmentNumber ? 1 : 0));
    const best = deepestIn(mask, columns, rows, 2, 12);
    // A segment only a line or two wide here has no inside to look at past its outline.
    if (best.depth < 6) continue;
    const [x, y] = toScreen(best.column + 0.5, best.row + 0.5);
    const tint = annotated.at(x, y);
    const grey = original.at(x, y);
    expect(saturation(grey), 'the original stays grey').toBeLessThan(6);
    // The fill blends the segment's colour over the CT: the annotated pixel leaves the original's grey.
    expect(
      saturation(tint),
      `segment ${segmentNumber} at ${best.column},${best.row}: ${tint.join(',')} over ${grey.join(',')}`,
    ).toBeGreaterThan(12);
    tints.push(tint.map((value, c) => value - grey[c]!) as [number, number, number]);
    checked.push(segmentNumber);
  }
  // Different segments, different colours (each its own Recommended Display CIELab).
  for (let i = 1; i < tints.length; i++)
    expect(hueDistance(tints[i]!, tints[0]!), `segments ${checked.join(',')}`).toBeGreaterThan(
      0.15,
    );
  let far = { column: 0, row: 0, depth: -1 };
  const empty = Uint8Array.from(shownLabel, (label) => (label === 0 ? 1 : 0));
  for (let row = 40; row < rows - 40; row += 8) {
    for (let column = 40; column < columns - 40; column += 8) {
      const depth = depthInside(empty, columns, rows, column, row, 20);
      if (depth > far.depth) far = { column, row, depth };
    }
  }
  expect(far.depth).toBeGreaterThanOrEqual(10);
  const [fx, fy] = toScreen(far.column + 0.5, far.row + 0.5);
  expect(annotated.at(fx, fy), `no segment at ${far.column},${far.row}`).toEqual(
    original.at(fx, fy),
  );
  return checked;
}

test('a third-party TID 1500 SR (highdicom): its SCOORD circle and polyline drawn over the CT, the selected one highlighted', async ({
  app,
}, testInfo) => {
  const folder = await importTogether(app, 'third-party-regions', [
    'deid-references/highdicom/ct_image.dcm',
    'deid-references/highdicom/sr_document_with_multiple_groups.dcm',
  ]);
  await app.getByText('CompressedSamples', { exact: false }).first().click();
  await app.getByTestId('review-open').click();
  const rows = app.getByTestId('finding');
  await expect(rows).toHaveCount(4);
  const regions = app.getByTestId('review-regions');
  // The circle (nodule) and the polyline (aorta) are on this image; the vertebra's SCOORD3D point lies 52 mm off its plane.
  await expect(regions).toHaveAttribute('data-regions', '2', { timeout: 30_000 });

  const scoords = await scoordItems(join(folder, 'sr_document_with_multiple_groups.dcm'));
  const circle = scoords.find((item) => item.graphicType === 'CIRCLE')!;
  const [cx, cy, ex, ey] = circle.points as [number, number, number, number];
  const radius = Math.hypot(ex - cx, ey - cy);
  const toScreen = await imageToScreen(regions, 128, 128);
  const annotated = app.getByTestId('review-annotated');
  const circleRow = app.getByTestId('finding').filter({ hasText: 'Nodule' });
  const circlePath = regions.locator('[data-testid="finding-region"]').nth(0);
  const colour = (await circlePath.getAttribute('stroke'))!.match(/\d+/g)!.map(Number);
  await app.waitForTimeout(300);
  await app.screenshot({ path: testInfo.outputPath('review-regions.png') });
  const before = await screenRgb(annotated, testInfo.outputPath('regions-annotated.png'));
  // On the circle (centre and radius from the SR's Graphic Data), in the finding's colour; inside and outside it, the grey CT.
  // (The aorta's polyline passes close to the circle from 90° to 270° over its left side: those points are left out.)
  for (const degrees of [0, 30, 60, 150, 180, 210, 300, 330]) {
    const t = (degrees * Math.PI) / 180;
    const [x, y] = toScreen(cx + radius * Math.cos(t), cy + radius * Math.sin(t));
    const rgb = mostColouredNear(before, x, y);
    expect(saturation(rgb), `circle at ${degrees}°: ${rgb.join(',')}`).toBeGreaterThan(60);
    expect(
      hueDistance(rgb, colour),
      `circle at ${degrees}°: ${rgb.join(',')}, drawn in ${colour.join(',')}`,
    ).toBeLessThan(0.35);
  }
  for (const factor of [0.5, 1.6]) {
    const [x, y] = toScreen(cx + radius * factor, cy);
    expect(saturation(mostColouredNear(before, x, y)), `${factor} radius`).toBeLessThan(20);
  }
  const lineWidth = (screen: ScreenRgb): number => {
    // Coloured pixels along the horizontal through the circle's rightmost point.
    const [x, y] = toScreen(cx + radius, cy);
    let count = 0;
    for (let dx = -8; dx <= 8; dx += 0.5) if (saturation(screen.at(x + dx, y)) > 60) count++;
    return count / 2;
  };
  const thin = lineWidth(before);
  await circleRow.getByTestId('finding-select').click();
  await expect(circlePath).toHaveAttribute('data-selected', 'true');
  await app.waitForTimeout(300);
  const after = await screenRgb(annotated, testInfo.outputPath('regions-selected.png'));
  expect(lineWidth(after), `line ${thin} px before selection`).toBeGreaterThan(thin);
});

test('a planar ROI on one slice of a CT series: selecting its finding shows that slice, with the circle where the SR puts it', async ({
  app,
}, testInfo) => {
  const ctFolder = testData('seg-ct-dcmqi/ct-3slice');
  const names = (await readdir(ctFolder)).sort();
  const planes = await Promise.all(names.map((name) => imagePlane(join(ctFolder, name))));
  const circle = { column: 300, row: 250, radius: 40 };
  const report = join(work, 'planar-roi.dcm');
  await planarRoiReportOn(join(ctFolder, names[0]!), circle, report);
  await importTogether(app, 'planar-roi', ['seg-ct-dcmqi/ct-3slice', report]);
  await app.getByTestId('review-open').click();
  await expect(app.getByTestId('finding')).toHaveCount(1);
  const regions = app.getByTestId('review-regions');
  await expect(regions).toHaveAttribute('data-image-position', /\d/);
  const target = planes[0]!.position.map((value) => value.toFixed(3)).join(',');
  expect(
    await regions.getAttribute('data-image-position'),
    'the review opens on another slice than the ROI',
  ).not.toBe(target);
  await expect(regions).toHaveAttribute('data-regions', '0');

  await app.getByTestId('finding-select').click();
  await expect(regions).toHaveAttribute('data-image-position', target);
  await expect(regions).toHaveAttribute('data-regions', '1');
  await app.waitForTimeout(300);
  await app.screenshot({ path: testInfo.outputPath('review-planar-roi.png') });
  const toScreen = await imageToScreen(regions, planes[0]!.columns, planes[0]!.rows);
  const screen = await screenRgb(
    app.getByTestId('review-annotated'),
    testInfo.outputPath('planar-roi-annotated.png'),
  );
  for (let degrees = 0; degrees < 360; degrees += 45) {
    const t = (degrees * Math.PI) / 180;
    const [x, y] = toScreen(
      circle.column + circle.radius * Math.cos(t),
      circle.row + circle.radius * Math.sin(t),
    );
    expect(saturation(mostColouredNear(screen, x, y)), `circle at ${degrees}°`).toBeGreaterThan(60);
  }
  const [x, y] = toScreen(circle.column, circle.row);
  expect(saturation(mostColouredNear(screen, x, y)), 'inside the circle').toBeLessThan(20);
});

/** The union of a SEG's frames made from one image: 1 where any segment is. */
function unionOnSlice(seg: Segmentation, sopInstanceUid: string): Uint8Array {
  const union = new Uint8Array(seg.rows * seg.columns);
  for (const frame of seg.frames)
    if (frame.sourceSopInstanceUid === sopInstanceUid)
      frame.mask.forEach((bit, i) => (union[i] ||= bit));
  return union;
}

/** The pixel deepest inside `inside` and outside `outside` (a few pixels from any edge, so outlines do not count). */
function deepestOnlyIn(
  inside: Uint8Array,
  outside: Uint8Array,
  columns: number,
  rows: number,
): { column: number; row: number; depth: number } {
  return deepestIn(
    Uint8Array.from(inside, (bit, i) => (bit === 1 && outside[i] !== 1 ? 1 : 0)),
    columns,
    rows,
    4,
    10,
  );
}

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
