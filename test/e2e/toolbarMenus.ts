import type { Page } from '@playwright/test';

/** Which toolbar menu holds each item that is not a button of its own. */
const MENU_OF: Readonly<Record<string, string>> = {
  'layout-1x1': 'layout-menu',
  'layout-1x2': 'layout-menu',
  'layout-2x2': 'layout-menu',
  'layout-1x3': 'layout-menu',
  'tool-length': 'measure-menu',
  'tool-angle': 'measure-menu',
  'tool-ellipse': 'measure-menu',
  'tool-rectangle': 'measure-menu',
  'tool-probe': 'measure-menu',
  'tool-arrow': 'measure-menu',
  'action-delete': 'measure-menu',
  'action-invert': 'image-menu',
  'action-flipH': 'image-menu',
  'action-flipV': 'image-menu',
  'action-rotateCW': 'image-menu',
  'action-spinRight': 'image-menu',
  'action-cine': 'image-menu',
  'action-scaleBar': 'image-menu',
  'tool-dicom-overlays': 'image-menu',
  'sync-scroll': 'sync-menu',
  'sync-zoomPan': 'sync-menu',
  'sync-windowLevel': 'sync-menu',
};

/** Clicks a toolbar item, opening the menu it lives in first, as a reader would. */
export async function chooseTool(page: Page, testId: string): Promise<void> {
  const menu = MENU_OF[testId];
  if (menu !== undefined && (await page.getByTestId(`${menu}-items`).count()) === 0)
    await page.getByTestId(menu).click();
  await page.getByTestId(testId).click();
}

export const MENU_ITEMS = MENU_OF;
