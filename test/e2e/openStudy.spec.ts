import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { applyWindow, readUncompressed } from '../support/dicomPixels.js';
import { testData } from '../support/paths.js';
import { correlation, grabGray, imageRect, sampleAtImagePixels, stats } from '../support/pixels.js';
import { expect, openTestFolder, test, waitForImage } from './fixtures.js';

const MR = 'mr-head-t1-siemens-xa30-classic';

test('a doctor opens the MR folder, sees the study and reads slice 48 as the file holds it', async ({
  app,
}, testInfo) => {
  await openTestFolder(app, MR);

  const row = app.getByTestId('study-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Development');
  for (const text of ['999', '1999/01/01', '2023/01/13', 'MR', 'Cheng test', '96'])
    await expect(row).toContainText(text);
  await expect(app.getByTestId('import-report')).toContainText(
    '96 枚の画像を読み込みました（1 検査）',
  );

  // The first series opens by itself; it is the only one.
  await expect(app.getByTestId('series-item')).toHaveCount(1);
  await expect(app.getByTestId('series-item')).toHaveAttribute('aria-pressed', 'true');
  await waitForImage(app);
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 1 / 96');

  await app.getByTestId('slice-slider').fill('48');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 48 / 96');
  await expect(app.getByTestId('corner-bottom-left')).toContainText(
    'シリーズ 5001: anat-T1w_acq-tfl',
  );

  // The reference: slice 48 read straight from its file, windowed with the file's own W/L.
  const files = (await readdir(testData(MR))).sort();
  const slice = await readUncompressed(join(testData(MR), files[47]!));
  await expect(app.getByTestId('window-text')).toHaveText(
    `WL ${slice.windowCenter} / WW ${slice.windowWidth}`,
  );

  const viewport = app.getByTestId('viewport');
  await app.waitForTimeout(200);
  const shot = await grabGray(viewport);
  const rect = await imageRect(viewport);
  expect(rect.width).toBeGreaterThan(300);
  const drawn = sampleAtImagePixels(shot, rect, slice.columns, slice.rows);
  const expected = applyWindow(slice.values, slice.windowCenter, slice.windowWidth);

  // Central region (the brain), not uniform, and matching the data under the shown window.
  const centre = (values: Float64Array) => {
    const out: number[] = [];
    for (let r = 32; r < 96; r++)
      for (let c = 32; c < 96; c++) out.push(values[r * slice.columns + c]!);
    return out;
  };
  expect(stats(centre(drawn)).sd).toBeGreaterThan(20);
  expect(correlation(centre(drawn), centre(expected))).toBeGreaterThan(0.97);
  expect(Math.abs(stats(centre(drawn)).mean - stats(centre(expected)).mean)).toBeLessThan(6);

  await testInfo.attach('mr-slice-48', { body: await app.screenshot(), contentType: 'image/png' });
  await app.screenshot({ path: testInfo.outputPath('mr-slice-48.png') });
});

test('the viewer scrolls with wheel and keys, windows by drag and by preset, zooms, and resets', async ({
  app,
}) => {
  await openTestFolder(app, MR);
  await waitForImage(app);
  const stage = app.getByTestId('viewer-stage');
  const box = (await stage.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  await app.mouse.move(centre.x, centre.y);
  await app.mouse.wheel(0, 100);
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 2 / 96');
  await stage.focus();
  await app.keyboard.press('End');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 96 / 96');
  await app.keyboard.press('PageUp');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 86 / 96');
  await app.keyboard.press('ArrowUp');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 85 / 96');
  await app.keyboard.press('Home');
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 1 / 96');

  const windowText = app.getByTestId('window-text');
  const before = await windowText.textContent();
  await app.mouse.move(centre.x, centre.y);
  await app.mouse.down();
  await app.mouse.move(centre.x + 80, centre.y + 40, { steps: 5 });
  await app.mouse.up();
  await expect(windowText).not.toHaveText(before ?? '');

  await app.getByTestId('window-preset').selectOption('mrAuto');
  await expect(windowText).not.toHaveText(before ?? '');

  const zoom = app.getByTestId('corner-bottom-right');
  await expect(zoom).toContainText('拡大 100%');
  await app.mouse.move(centre.x, centre.y);
  await app.mouse.down({ button: 'right' });
  await app.mouse.move(centre.x, centre.y - 120, { steps: 6 });
  await app.mouse.up({ button: 'right' });
  await expect(zoom).not.toContainText('拡大 100%');

  await app.getByTestId('tool-reset').click();
  await expect(zoom).toContainText('拡大 100%');
  await expect(windowText).toHaveText(before ?? '');
});
