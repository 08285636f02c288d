import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { grabGray, type Gray } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test } from './fixtures.js';

// A synthetic angiography volume, 64 x 64 voxels of 1 mm, 40 slices 2 mm apart. Four "vessels"
// run head to foot through the whole volume, as a TOF MRA's arteries do: one on the volume's
// vertical axis, one 20 mm to the patient's left of it, two 20 mm in front of and behind it.
// A 10 mm slab through the centre (it reaches 10 mm each side) therefore holds two vessels seen
// from the front (coronal) and three seen from the side (sagittal).
const SIZE = 64;
const SLICES = 40;
const VESSELS = [
  { i: 32, j: 32 },
  { i: 52, j: 32 },
  { i: 32, j: 12 },
  { i: 32, j: 52 },
];
const BRIGHT = 3000;
const BACKGROUND = 200;

function voxel(i: number, j: number): number {
  const inVessel = VESSELS.some(
    (vessel) => Math.abs(i - vessel.i) <= 1 && Math.abs(j - vessel.j) <= 1,
  );
  return inVessel ? BRIGHT : BACKGROUND;
}

let folder = '';

test.beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'mitate-spin-'));
  await writeSyntheticSeries({
    folder,
    modality: 'MR',
    description: 'TOF_3D synthetic vessels',
    seriesNumber: 5,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [1, 1],
    positions: axialPositions(SLICES, 2, [-32, -32, -40]),
    voxel,
    window: { center: 1500, width: 3000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.79',
  });
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const THRESHOLD = 200;

/** Bright runs along the image's middle row (vessels crossing it), and rows holding any bright pixel. */
function vessels(gray: Gray): { crossing: number; rows: number; bright: number } {
  const middle = Math.floor(gray.height / 2);
  let crossing = 0;
  let inside = false;
  for (let column = 0; column < gray.width; column++) {
    const bright = gray.values[middle * gray.width + column]! > THRESHOLD;
    if (bright && !inside) crossing++;
    inside = bright;
  }
  let rows = 0;
  let bright = 0;
  for (let row = 0; row < gray.height; row++) {
    let inRow = 0;
    for (let column = 0; column < gray.width; column++)
      if (gray.values[row * gray.width + column]! > THRESHOLD) inRow++;
    bright += inRow;
    if (inRow > 0) rows++;
  }
  return { crossing, rows, bright };
}

async function look(page: Page, viewport: Locator): Promise<ReturnType<typeof vessels>> {
  await page.waitForTimeout(300);
  return vessels(await grabGray(viewport));
}

async function spin(page: Page, key: ',' | '.', steps: number): Promise<void> {
  for (let step = 0; step < steps; step++) await page.keyboard.press(key);
}

/** The three MPR planes, each made a 10 mm MIP, corner text off: only vessels are bright. */
async function mipPlanes(page: Page): Promise<Locator> {
  await openPath(page, folder);
  await page.getByTestId('viewer-stage').first().focus();
  await page.keyboard.press('m');
  const viewports = page.getByTestId('viewport');
  await expect(viewports).toHaveCount(3);
  await expect(viewports.nth(0)).toHaveAttribute('data-volume-loaded-ms', /\d/, {
    timeout: 30_000,
  });
  for (let cell = 0; cell < 3; cell++) {
    await page.getByTestId('viewer-stage').nth(cell).click();
    await page.getByTestId('projection').selectOption('mip');
  }
  await page.getByTestId('slab-thickness').selectOption('10');
  await page.getByTestId('viewer-stage').nth(2).focus();
  await page.keyboard.press('i');
  return viewports;
}

test('a coronal MIP turned with "." and "," spins about the screen\'s vertical axis through the volume\'s centre: the slab turns with the view and every vessel stays in sight', async ({
  app,
}, testInfo) => {
  const viewports = await mipPlanes(app);
  const sagittal = await look(app, viewports.nth(1));
  const coronalCell = app.getByTestId('viewer-stage').nth(2);
  await coronalCell.click();
  const coronal = viewports.nth(2);
  const before = await look(app, coronal);
  expect(before.crossing, 'from the front, the 10 mm slab holds two vessels').toBe(2);
  expect(sagittal.crossing, 'from the side, three').toBe(3);

  // Nine steps of 10 degrees: the reader now looks from the side, and sees what the sagittal MIP shows.
  await spin(app, '.', 9);
  const quarter = await look(app, coronal);
  await app.screenshot({ path: testInfo.outputPath('mip-spun-90.png') });
  expect(quarter.crossing, 'a quarter turn shows the vessels the sagittal slab holds').toBe(3);
  // Seen from the patient's side: anterior and posterior at the left and right edges.
  const letters = [
    await coronalCell.getByTestId('orientation-left').textContent(),
    await coronalCell.getByTestId('orientation-right').textContent(),
  ];
  expect(letters.sort()).toEqual(['A', 'P']);
  expect(quarter.rows, 'vessels stay upright and full length (spun about the vertical)').toBe(
    before.rows,
  );

  // Half way round in small steps: at every step the vessel on the axis stays in sight.
  for (let step = 0; step < 9; step++) {
    await spin(app, '.', 1);
    const seen = await look(app, coronal);
    expect(seen.crossing, `step ${step + 10}: vessels in sight`).toBeGreaterThanOrEqual(1);
    expect(seen.rows, `step ${step + 10}: full length`).toBe(before.rows);
  }
  // Back with ",": the first view again.
  await spin(app, ',', 18);
  const back = await look(app, coronal);
  expect(back.crossing).toBe(before.crossing);
  expect(Math.abs(back.bright - before.bright)).toBeLessThan(before.bright * 0.05);
});
