import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { openPath, test } from './fixtures.js';
import { testData } from '../support/paths.js';

/**
 * What the review specs share: a scratch folder for each spec file, the import of results beside
 * the images they were made from, and where an image pixel is on the review's viewport.
 */

/** The scratch folder of the running spec file (see useWorkFolder). */
export let work: string;

/** Gives the calling spec file a scratch folder, made before its tests and removed after them (call once, at its top level). */
export function useWorkFolder(): void {
  test.beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mitate-review-e2e-'));
  });
  test.afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });
}

/** Copies test files (or every file of test folders) into one new folder and imports it: results beside their images, as they arrive from elsewhere. */
export async function importTogether(app: Page, name: string, sources: string[]): Promise<string> {
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

/** Where image pixel (column, row) (0,0 = outer top left corner) is on the viewport, from the rectangle the review reports. */
export async function imageToScreen(
  regions: Locator,
  columns: number,
  rows: number,
): Promise<(column: number, row: number) => [number, number]> {
  const [x, y, width, height] = (await regions.getAttribute('data-image-rect'))!
    .split(',')
    .map(Number) as [number, number, number, number];
  return (column, row) => [x + (column * width) / columns, y + (row * height) / rows];
}
