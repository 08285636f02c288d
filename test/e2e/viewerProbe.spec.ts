/**
 * The probe gives, for the pixel under it, the value stored in the file, the modality value (HU
 * on CT: Rescale Slope and Intercept applied) and where the pixel is (column, row, slice; patient
 * mm), on CT and on MR.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { imageRect } from '../support/pixels.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';
import { chooseTool } from './toolbarMenus.js';

let root = '';
const SIZE = 32;
/** Image Position (Patient) of slice 1; slices 2 mm apart, pixels 0.5 mm. */
const ORIGIN: [number, number, number] = [-8, -6, 10];

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-probe-'));
  const common = {
    seriesNumber: 1,
    rows: SIZE,
    columns: SIZE,
    pixelSpacing: [0.5, 0.5] as [number, number],
    positions: axialPositions(3, 2, ORIGIN),
  };
  // CT, 12-bit signed stored values with slope 2 and intercept -24: stored 1000 (right half) is 1976 HU, stored -500 (left half) -1024 HU.
  await writeSyntheticSeries({
    ...common,
    folder: join(root, 'ct'),
    modality: 'CT',
    description: 'Probe CT',
    voxel: (i) => (i < 16 ? -500 : 1000),
    window: { center: 40, width: 4000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.91',
    encoding: { bitsStored: 12, slope: 2, intercept: -24 },
  });
  // MR: no modality LUT, the stored value is the value.
  await writeSyntheticSeries({
    ...common,
    folder: join(root, 'mr'),
    modality: 'MR',
    description: 'Probe MR',
    voxel: (i) => (i < 16 ? 100 : 700),
    window: { center: 400, width: 1000 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.92',
  });
});
test.afterAll(async () => rm(root, { recursive: true, force: true }));

async function clickPixel(page: Page, column: number, row: number): Promise<void> {
  const viewport = page.getByTestId('viewport').first();
  const rect = await imageRect(viewport);
  const box = (await viewport.boundingBox())!;
  await page.mouse.click(
    box.x + rect.x + ((column + 0.5) * rect.width) / SIZE,
    box.y + rect.y + ((row + 0.5) * rect.height) / SIZE,
  );
}

/** One readout of the `probe`-th probe in the measurement list. */
const readout = (page: Page, name: string, probe = 0) =>
  page
    .locator('[data-testid=measurement][data-tool=Probe]')
    .nth(probe)
    .locator(`[data-name=${name}]`);

const CASES = [
  { kind: 'ct', stored: '1000', value: 1976, unit: 'HU', left: { stored: '-500', value: -1024 } },
  { kind: 'mr', stored: '700', value: 700, unit: '', left: { stored: '100', value: 100 } },
] as const;

for (const probe of CASES) {
  test(`on ${probe.kind.toUpperCase()} the probe shows the stored value, the modality value and the position`, async ({
    app,
  }) => {
    await app.setViewportSize({ width: 1280, height: 800 });
    await openPath(app, join(root, probe.kind));
    await waitForImage(app);
    // Slice 2 of 3: z = 12 mm.
    await app.getByTestId('viewer-stage').focus();
    await app.keyboard.press('ArrowDown');
    await expect(app.getByTestId('slice-text')).toHaveText('スライス 2 / 3');
    await chooseTool(app, 'tool-probe');
    await clickPixel(app, 24, 10);
    await expect(readout(app, 'value')).toHaveCount(1);
    await expect
      .poll(async () => Number(await readout(app, 'value').getAttribute('data-value')))
      .toBeCloseTo(probe.value, 0);
    if (probe.unit !== '') await expect(readout(app, 'value')).toContainText(probe.unit);
    await expect(readout(app, 'stored')).toHaveAttribute('data-value', probe.stored);
    await expect(readout(app, 'stored')).toContainText('格納値');
    await expect(readout(app, 'pixel')).toHaveAttribute('data-value', '24, 10, 2');
    // Column 24 and row 10 at 0.5 mm from the origin, on the slice at z = 12 mm.
    await expect(readout(app, 'patient')).toHaveAttribute(
      'data-value',
      `${(ORIGIN[0] + 12).toFixed(1)}, ${(ORIGIN[1] + 5).toFixed(1)}, 12.0`,
    );
    // On the image too, beside the probe: the modality value.
    await expect(app.getByTestId('viewport').locator('svg text')).toContainText(
      `${probe.value} ${probe.unit}`.trim(),
    );
    await app.screenshot({ path: `test-results/probe-${probe.kind}.png` });

    // The other half of the phantom, on the first slice.
    await app.getByTestId('viewer-stage').focus();
    await app.keyboard.press('ArrowUp');
    await expect(app.getByTestId('slice-text')).toHaveText('スライス 1 / 3');
    await clickPixel(app, 4, 20);
    await expect(app.getByTestId('measurement')).toHaveCount(2);
    await expect
      .poll(async () => Number(await readout(app, 'value', 1).getAttribute('data-value')))
      .toBeCloseTo(probe.left.value, 0);
    await expect(readout(app, 'stored', 1)).toHaveAttribute('data-value', probe.left.stored);
    await expect(readout(app, 'pixel', 1)).toHaveAttribute('data-value', '4, 20, 1');
  });
}
