import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { dcmtkOverlayPixels } from '../support/dcmtkOverlays.js';
import { testData } from '../support/paths.js';
import { imageRect } from '../support/pixels.js';
import { OVERLAY_IMAGE, overlayTestFile } from '../support/syntheticOverlays.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

let root = '';
const REAL = testData('deid-phi/pydicom/examples_overlay.dcm');
const SYNTHETIC = 'overlays.dcm';

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-overlays-'));
  await mkdir(join(root, 'real'));
  await copyFile(REAL, join(root, 'real', 'examples_overlay.dcm'));
  await mkdir(join(root, 'synthetic'));
  await writeFile(
    join(root, 'synthetic', SYNTHETIC),
    overlayTestFile({ littleEndian: true, uidRoot: '1.2.826.0.1.3680043.10.1234.92' }),
  );
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Colour = 'yellow' | 'cyan' | 'grey';

interface Screen {
  png: PNG;
  /** Colour class of the screen pixel at the centre of image pixel (row, column). */
  at(row: number, column: number): Colour;
}

function classify(red: number, green: number, blue: number): Colour {
  if (red > 200 && green > 200 && blue < 90) return 'yellow';
  if (green - red > 50 && blue - red > 50) return 'cyan';
  return 'grey';
}

/** A screenshot of the viewport with a look-up from image pixels to what is drawn there. */
async function screen(viewport: Locator, rows: number, columns: number): Promise<Screen> {
  const rect = await imageRect(viewport);
  const png = PNG.sync.read(await viewport.screenshot({ animations: 'disabled' }));
  return {
    png,
    at(row, column) {
      // A screen pixel the image's outer edge cuts is blended with the background; the edge
      // row or column is sampled one screen pixel inside instead.
      // (A flipped image has a negative width: its edges are then the other way round.)
      const inside = (value: number, start: number, length: number): number => {
        const [low, high] = [Math.min(start, start + length), Math.max(start, start + length)];
        return Math.min(Math.max(value, Math.ceil(low)), Math.floor(high) - 1);
      };
      const x = inside(
        Math.floor(rect.x + ((column + 0.5) * rect.width) / columns),
        rect.x,
        rect.width,
      );
      const y = inside(
        Math.floor(rect.y + ((row + 0.5) * rect.height) / rows),
        rect.y,
        rect.height,
      );
      const offset = (y * png.width + x) * 4;
      return classify(png.data[offset]!, png.data[offset + 1]!, png.data[offset + 2]!);
    },
  };
}

/** How the overlay pixels and the pixels well away from any overlay pixel look on screen. */
function tally(
  view: Screen,
  overlay: readonly string[],
  rows: number,
  columns: number,
): { onOverlay: Record<Colour, number>; away: Record<Colour, number> } {
  const set = new Set(overlay);
  const near = (row: number, column: number): boolean => {
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) if (set.has(`${row + dr},${column + dc}`)) return true;
    return false;
  };
  const onOverlay: Record<Colour, number> = { yellow: 0, cyan: 0, grey: 0 };
  const away: Record<Colour, number> = { yellow: 0, cyan: 0, grey: 0 };
  for (const key of overlay) {
    const [row, column] = key.split(',').map(Number) as [number, number];
    onOverlay[view.at(row, column)]++;
  }
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++)
      if (!near(row, column)) away[view.at(row, column)]++;
  return { onOverlay, away };
}

async function overlayTally(
  page: Page,
  overlay: readonly string[],
  rows: number,
  columns: number,
): Promise<ReturnType<typeof tally>> {
  return tally(await screen(page.getByTestId('viewport'), rows, columns), overlay, rows, columns);
}

test('the graphics overlay of a real MR is drawn on its pixels, follows a flip and is switched off and on by key and button', async ({
  app,
}, testInfo) => {
  await openPath(app, join(root, 'real'));
  await waitForImage(app);
  const viewport = app.getByTestId('viewport');
  await expect(viewport).toHaveAttribute('data-dicom-overlays', '1');
  const overlay = await dcmtkOverlayPixels(REAL, 1);
  expect(overlay).toHaveLength(222);
  const [rows, columns] = [300, 484];

  // Every overlay pixel yellow, nothing yellow away from it.
  await expect
    .poll(async () => (await overlayTally(app, overlay, rows, columns)).onOverlay.yellow)
    .toBe(overlay.length);
  expect((await overlayTally(app, overlay, rows, columns)).away).toMatchObject({
    yellow: 0,
    cyan: 0,
  });
  await app.screenshot({ path: testInfo.outputPath('overlay-on.png') });

  // Flipped left-right, the overlay flips with the image (the image rectangle turns over too).
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('h');
  await expect.poll(async () => Number((await imageRect(viewport)).width)).toBeLessThan(0);
  await expect
    .poll(async () => (await overlayTally(app, overlay, rows, columns)).onOverlay.yellow)
    .toBe(overlay.length);
  await app.screenshot({ path: testInfo.outputPath('overlay-flipped.png') });

  // G hides it; the toolbar button brings it back.
  await app.keyboard.press('g');
  await app.getByTestId('image-menu').click();
  await expect(app.getByTestId('tool-dicom-overlays')).toHaveAttribute('aria-checked', 'false');
  await app.keyboard.press('Escape');
  await expect
    .poll(async () => (await overlayTally(app, overlay, rows, columns)).onOverlay.grey)
    .toBe(overlay.length);
  await app.screenshot({ path: testInfo.outputPath('overlay-off.png') });
  await chooseTool(app, 'tool-dicom-overlays');
  await app.getByTestId('image-menu').click();
  await expect(app.getByTestId('tool-dicom-overlays')).toHaveAttribute('aria-checked', 'true');
  await app.keyboard.press('Escape');
  await expect
    .poll(async () => (await overlayTally(app, overlay, rows, columns)).onOverlay.yellow)
    .toBe(overlay.length);
});

test('a multi-frame image shows each frame its own overlay frames, ROIs as a fill, embedded bits and only the part of an overlay that lies on the image', async ({
  app,
}, testInfo) => {
  await openPath(app, join(root, 'synthetic'));
  await waitForImage(app);
  const viewport = app.getByTestId('viewport');
  const path = join(root, 'synthetic', SYNTHETIC);
  const { rows, columns } = OVERLAY_IMAGE;
  const slice = app.getByTestId('slice-text');

  for (const frame of [1, 2, 3]) {
    if (frame > 1) {
      await app.getByTestId('viewer-stage').focus();
      await app.keyboard.press('ArrowDown');
    }
    await expect(slice).toHaveText(`スライス ${frame} / 3`);
    // Frame 1 has no overlay frame of 6000 (Image Frame Origin 2); frames 2 and 3 have one each.
    await expect(viewport).toHaveAttribute('data-dicom-overlays', frame === 1 ? '3' : '4');
    const overlay = await dcmtkOverlayPixels(path, frame);
    // ROI (6002): rows 29-36, columns 3-12 but one hole, drawn as a translucent cyan fill.
    const roi = overlay.filter((key) => {
      const [row, column] = key.split(',').map(Number) as [number, number];
      return row >= 29 && row <= 36 && column >= 3 && column <= 12;
    });
    expect(roi).toHaveLength(79);
    const graphics = overlay.filter((key) => !roi.includes(key));
    await expect
      .poll(
        async () => {
          const view = await screen(viewport, rows, columns);
          return {
            graphics: graphics.filter(
              (key) => view.at(...(key.split(',').map(Number) as [number, number])) === 'yellow',
            ).length,
            roi: roi.filter(
              (key) => view.at(...(key.split(',').map(Number) as [number, number])) === 'cyan',
            ).length,
            hole: view.at(32, 7),
          };
        },
        { message: `frame ${frame}` },
      )
      .toEqual({ graphics: graphics.length, roi: roi.length, hole: 'grey' });
    const { away } = await overlayTally(app, overlay, rows, columns);
    expect(away, `frame ${frame}`).toMatchObject({ yellow: 0, cyan: 0 });
    await app.screenshot({ path: testInfo.outputPath(`overlays-frame-${frame}.png`) });
  }
});
