import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';
import { imagePlane } from '../support/imagePlane.js';
import { testData } from '../support/paths.js';
import {
  hueDistance,
  mostColouredNear,
  saturation,
  screenRgb,
  type ScreenRgb,
} from '../support/screenColour.js';
import { planarRoiReportOn } from '../support/planarRoiReport.js';
import { scoordItems } from '../support/srSpatialCoordinates.js';
import { imageToScreen, importTogether, useWorkFolder, work } from './reviewImport.js';

/**
 * Regions of TID 1500 SRs over their source images through the dev host: highdicom's SCOORD
 * circle and polyline on its CT, and a planar ROI on one slice of a CT series. Each check compares
 * the screen with the SR's own coordinates. Third-party SEGs are in reviewSegmentations.spec.ts.
 */
useWorkFolder();

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

test("a planar ROI's finding selected before the other slices have loaded still shows its slice", async ({
  app,
}) => {
  const ctFolder = testData('seg-ct-dcmqi/ct-3slice');
  const names = (await readdir(ctFolder)).sort();
  const plane = await imagePlane(join(ctFolder, names[0]!));
  const report = join(work, 'planar-roi-early.dcm');
  await planarRoiReportOn(join(ctFolder, names[0]!), { column: 300, row: 250, radius: 40 }, report);
  await importTogether(app, 'planar-roi-early', ['seg-ct-dcmqi/ct-3slice', report]);
  // The review opens on the series' middle image; the others' files are held back until the
  // finding is selected, so the selection comes before cornerstone has read the ROI's slice.
  await expect(app.getByTestId('review-open')).toBeVisible();
  // The series' instances as main lists them once the import has indexed all three slices.
  const middleOf = (): Promise<string | undefined> =>
    app.evaluate(async () => {
      const studies = await window.mitate.invoke('library.studies', {});
      if (!studies.ok) return undefined;
      for (const study of studies.value) {
        const series = await window.mitate.invoke('library.series', { studyId: study.id });
        const ct = series.ok ? series.value.find((one) => one.instances.length === 3) : undefined;
        if (ct !== undefined) return ct.instances[1]!.id;
      }
      return undefined;
    });
  await expect.poll(middleOf).toBeDefined();
  const middle = await middleOf();
  const held: (() => void)[] = [];
  let holding = true;
  await app.route('**/dicom/**', async (route) => {
    if (holding && !route.request().url().includes(middle!)) {
      await new Promise<void>((release) => held.push(release));
    }
    await route.continue();
  });
  await app.getByTestId('review-open').click();
  const regions = app.getByTestId('review-regions');
  await expect(regions).toHaveAttribute('data-image-position', /\d/);
  const target = plane.position.map((value) => value.toFixed(3)).join(',');
  expect(await regions.getAttribute('data-image-position')).not.toBe(target);

  await app.getByTestId('finding-select').click();
  holding = false;
  for (const release of held.splice(0)) release();
  await expect(regions).toHaveAttribute('data-image-position', target);
  await expect(regions).toHaveAttribute('data-regions', '1');
});
