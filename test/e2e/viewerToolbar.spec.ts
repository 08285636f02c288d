import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, test, waitForImage } from './fixtures.js';
import { chooseTool, MENU_ITEMS } from './toolbarMenus.js';

let root = '';

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mitate-toolbar-'));
  await writeSyntheticSeries({
    folder: root,
    modality: 'CT',
    description: 'Toolbar CT',
    seriesNumber: 1,
    rows: 32,
    columns: 32,
    pixelSpacing: [1, 1],
    positions: axialPositions(4, 1),
    voxel: (i, j) => 1024 + i + j,
    window: { center: 40, width: 400 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.93',
  });
});

test.afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('at 1400 x 860 the toolbar takes two rows, every tool is reachable from it and shortcuts still choose tools', async ({
  app,
}, testInfo) => {
  await openPath(app, root);
  await waitForImage(app);
  const toolbar = app.getByRole('toolbar');
  // Rows: the distinct tops of the toolbar's own children.
  const rows = await toolbar.evaluate(
    (element) =>
      new Set([...element.children].map((child) => Math.round((child as HTMLElement).offsetTop)))
        .size,
  );
  expect(rows).toBeLessThanOrEqual(2);
  const height = (await toolbar.boundingBox())!.height;
  expect(height).toBeLessThan(80);
  await app.screenshot({ path: testInfo.outputPath('toolbar-1400.png') });

  // Every menu item is there behind its menu, and a menu closes by Escape.
  for (const menu of new Set(Object.values(MENU_ITEMS))) {
    await app.getByTestId(menu).click();
    await expect(app.getByTestId(`${menu}-items`)).toBeVisible();
    for (const [item, owner] of Object.entries(MENU_ITEMS))
      if (owner === menu) await expect(app.getByTestId(item)).toBeVisible();
    if (menu === 'measure-menu')
      await app.screenshot({ path: testInfo.outputPath('toolbar-measure-menu.png') });
    await app.keyboard.press('Escape');
    await expect(app.getByTestId(`${menu}-items`)).toHaveCount(0);
  }
  for (const button of [
    'view-stack',
    'view-mpr',
    'view-mip',
    'projection',
    'slab-thickness',
    'window-preset',
    'tool-windowLevel',
    'tool-pan',
    'tool-zoom',
    'tool-rotate',
    'tool-crosshairs',
    'tool-reset',
    'tool-overlay',
    'help',
  ]) {
    await expect(app.getByTestId(button)).toBeVisible();
  }

  // A measurement tool from the menu: the menu button names it and shows it pressed.
  await chooseTool(app, 'tool-angle');
  await expect(app.getByTestId('measure-menu')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.getByTestId('measure-menu')).toContainText('角度');
  await expect(app.getByTestId('tool-windowLevel')).toHaveAttribute('aria-pressed', 'false');
  // The keyboard reaches tools in menus without opening them.
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('q');
  await expect(app.getByTestId('measure-menu')).toContainText('矩形 ROI');
  await app.keyboard.press('w');
  await expect(app.getByTestId('tool-windowLevel')).toHaveAttribute('aria-pressed', 'true');
  await expect(app.getByTestId('measure-menu')).toHaveAttribute('aria-pressed', 'false');
  await app.keyboard.press('Shift+Digit2');
  await expect(app.getByTestId('viewport')).toHaveCount(2);
  await expect(app.getByTestId('layout-menu')).toContainText('1x2');
  // Sync choices are checkboxes in their menu; the menu stays open to toggle several.
  await chooseTool(app, 'sync-zoomPan');
  await expect(app.getByTestId('sync-zoomPan')).toHaveAttribute('aria-checked', 'true');
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'true');
  await app.getByTestId('sync-scroll').click();
  await expect(app.getByTestId('sync-scroll')).toHaveAttribute('aria-checked', 'false');
  await app
    .getByTestId('sync-menu-items')
    .screenshot({ path: testInfo.outputPath('toolbar-sync-menu.png') });
});

test('the image menu shows cine and the scale bar as on/off items, and their marks follow what the viewport does', async ({
  app,
}, testInfo) => {
  await openPath(app, root);
  await waitForImage(app);
  const cine = app.getByTestId('action-cine');
  const scaleBar = app.getByTestId('action-scaleBar');
  // The scale bar is cornerstone's SVG ruler, labelled in mm or cm, inside the viewport.
  const ruler = app.getByTestId('viewport').locator('svg text', { hasText: /^\d+ (mm|cm)$/ });
  const slice = app.getByTestId('slice-text');

  await app.getByTestId('image-menu').click();
  await expect(cine).toHaveAttribute('role', 'menuitemcheckbox');
  await expect(cine).toHaveAttribute('aria-checked', 'false');
  await expect(scaleBar).toHaveAttribute('role', 'menuitemcheckbox');
  await expect(scaleBar).toHaveAttribute('aria-checked', 'false');
  // One-shot actions stay plain items.
  await expect(app.getByTestId('action-invert')).toHaveAttribute('role', 'menuitem');
  await expect(ruler).toHaveCount(0);

  await scaleBar.click();
  await expect(ruler).toHaveCount(1);
  await expect(ruler).toHaveText('10 mm');
  await chooseTool(app, 'action-cine');
  // Cine plays: the slice moves on by itself while the menu marks it on.
  const seen = new Set<string>();
  await expect
    .poll(async () => {
      seen.add((await slice.textContent()) ?? '');
      return seen.size;
    })
    .toBeGreaterThan(2);
  await app.getByTestId('image-menu').click();
  await expect(cine).toHaveAttribute('aria-checked', 'true');
  await expect(cine.locator('.toolbar-menu-check')).toHaveText('✓');
  await expect(scaleBar).toHaveAttribute('aria-checked', 'true');
  await expect(scaleBar.locator('.toolbar-menu-check')).toHaveText('✓');
  await expect(app.getByTestId('action-invert').locator('.toolbar-menu-check')).toHaveText('');
  // Near the window's right edge the menu opens leftwards: every item is readable in full.
  const menuBox = await app.getByTestId('image-menu-items').boundingBox();
  expect(menuBox!.x).toBeGreaterThanOrEqual(0);
  expect(menuBox!.x + menuBox!.width).toBeLessThanOrEqual(app.viewportSize()!.width);
  await app.screenshot({ path: testInfo.outputPath('image-menu-cine-scale-bar-on.png') });

  await cine.click();
  const stopped = await slice.textContent();
  await chooseTool(app, 'action-scaleBar');
  await expect(ruler).toHaveCount(0);
  await expect(slice).toHaveText(stopped ?? '');
  await app.getByTestId('image-menu').click();
  await expect(cine).toHaveAttribute('aria-checked', 'false');
  await expect(cine.locator('.toolbar-menu-check')).toHaveText('');
  await expect(scaleBar).toHaveAttribute('aria-checked', 'false');
  await expect(scaleBar.locator('.toolbar-menu-check')).toHaveText('');

  // The keyboard toggles the same state the menu shows.
  await app.keyboard.press('Escape');
  await app.getByTestId('viewer-stage').focus();
  await app.keyboard.press('b');
  await expect(ruler).toHaveCount(1);
  await app.getByTestId('image-menu').click();
  await expect(scaleBar).toHaveAttribute('aria-checked', 'true');
});

test('the scale bar stays on across layouts: MPR planes get it once they show the volume, and so does a plane turned back into a stack', async ({
  app,
}, testInfo) => {
  await openPath(app, root);
  await waitForImage(app);
  const viewports = app.getByTestId('viewport');
  const rulerIn = (cell: number) =>
    viewports.nth(cell).locator('svg text', { hasText: /^\d+ (mm|cm)$/ });
  await chooseTool(app, 'action-scaleBar');
  await expect(rulerIn(0)).toHaveCount(1);

  await app.getByTestId('view-mpr').click();
  await expect(viewports).toHaveCount(3);
  for (let cell = 0; cell < 3; cell++) {
    await expect(viewports.nth(cell)).toHaveAttribute('data-volume-loaded-ms', /\d/);
    await expect(rulerIn(cell)).toHaveCount(1);
  }
  await app.screenshot({ path: testInfo.outputPath('scale-bar-mpr.png') });

  await app.getByTestId('viewer-stage').first().click();
  await app.getByTestId('view-stack').click();
  await expect(viewports.first()).toHaveAttribute('data-view', 'stack');
  await expect(viewports.first()).toHaveAttribute('data-status', 'ready');
  for (let cell = 0; cell < 3; cell++) await expect(rulerIn(cell)).toHaveCount(1);

  await chooseTool(app, 'action-scaleBar');
  for (let cell = 0; cell < 3; cell++) await expect(rulerIn(cell)).toHaveCount(0);
  await app.getByTestId('image-menu').click();
  await expect(app.getByTestId('action-scaleBar')).toHaveAttribute('aria-checked', 'false');
});
