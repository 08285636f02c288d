import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { testData } from '../support/paths.js';
import { correlation, grabGray, volumeCorners } from '../support/pixels.js';
import { expect, openTestFolder, test } from './fixtures.js';

// The Siemens XA30 enhanced MR: one file, 96 sagittal frames of 128 x 128 at 2 mm, frame k at
// x = -100.424 + 2k mm (Plane Position in the Per-Frame Functional Groups), rows running
// anterior to posterior, columns head to foot (Plane Orientation 0\1\0\0\0\-1). The classic
// MR of the same scanner has the same geometry in 96 files, instance k + 1 at frame k's place:
// cornerstone's loader builds the enhanced volume, the slice worker the classic one
// (viewer/volumeStreaming), and both must show their own file's voxels.
const FOLDER = 'mr-head-t1-siemens-xa30-enhanced';
const CLASSIC_FOLDER = 'mr-head-t1-siemens-xa30-classic';
const SIZE = 128;
const FRAMES = 96;

interface Volume {
  /** Stored value at (column, row) of frame. */
  at(column: number, row: number, frame: number): number;
}

async function readVolume(): Promise<Volume> {
  const folder = testData(FOLDER);
  const [name] = await readdir(folder);
  const dataSet = dicomParser.parseDicom(await readFile(join(folder, name!)));
  const pixels = dataSet.elements['x7fe00010']!;
  const signed = dataSet.uint16('x00280103') === 1;
  const view = new DataView(
    dataSet.byteArray.buffer,
    dataSet.byteArray.byteOffset + pixels.dataOffset,
    SIZE * SIZE * FRAMES * 2,
  );
  return {
    at: (column, row, frame) => {
      const offset = ((frame * SIZE + row) * SIZE + column) * 2;
      return signed ? view.getInt16(offset, true) : view.getUint16(offset, true);
    },
  };
}

/** The classic series' voxels: frame k is the file whose Instance Number is k + 1. */
async function readClassicVolume(): Promise<Volume> {
  const folder = testData(CLASSIC_FOLDER);
  const frames = new Map<number, DataView>();
  for (const name of await readdir(folder)) {
    const dataSet = dicomParser.parseDicom(await readFile(join(folder, name)));
    const pixels = dataSet.elements['x7fe00010']!;
    frames.set(
      dataSet.intString('x00200013')! - 1,
      new DataView(
        dataSet.byteArray.buffer,
        dataSet.byteArray.byteOffset + pixels.dataOffset,
        SIZE * SIZE * 2,
      ),
    );
  }
  expect(frames.size).toBe(FRAMES);
  return {
    at: (column, row, frame) => frames.get(frame)!.getUint16((row * SIZE + column) * 2, true),
  };
}

async function waitForVolume(page: Page, cell: number): Promise<Locator> {
  const viewport = page.getByTestId('viewport').nth(cell);
  await expect(viewport).toHaveAttribute('data-volume-loaded-ms', /\d/, { timeout: 45_000 });
  await expect(viewport).toHaveAttribute('data-status', 'ready');
  await expect(viewport).toHaveAttribute('data-volume-corners', /\d/);
  return viewport;
}

async function corners(viewport: Locator): Promise<[number, number, number, number]> {
  return (await volumeCorners(viewport)) ?? [0, 0, 0, 0];
}

type Axis = 'i' | 'j' | 'k';
/**
 * Volume axes: i the file's columns (anterior to posterior), j its rows (head to foot), k the
 * slices, which the viewer orders from patient left to right (opposite to the file's frames).
 * Which axis runs along the screen's x and y, and which one the plane cuts, per view.
 */
const VIEWS = {
  axial: {
    x: 'k',
    y: 'i',
    cut: 'j',
    slices: SIZE,
    letters: { top: 'A', bottom: 'P', left: 'R', right: 'L' },
  },
  sagittal: {
    x: 'i',
    y: 'j',
    cut: 'k',
    slices: FRAMES,
    letters: { top: 'H', bottom: 'F', left: 'A', right: 'P' },
  },
  coronal: {
    x: 'k',
    y: 'j',
    cut: 'i',
    slices: SIZE,
    letters: { top: 'H', bottom: 'F', left: 'R', right: 'L' },
  },
} as const satisfies Record<
  string,
  { x: Axis; y: Axis; cut: Axis; slices: number; letters: Record<string, string> }
>;
const LENGTH: Record<Axis, number> = { i: SIZE, j: SIZE, k: FRAMES };

/**
 * Samples the viewport at every voxel of the plane (placed by the first and last voxel corners
 * the viewer reports) and correlates it with each slice of the file's own pixels along the cut
 * axis: the plane on screen is the slice that matches best.
 */
async function matchSlice(
  page: Page,
  cell: number,
  plane: keyof typeof VIEWS,
  volume: Volume,
): Promise<{ slice: number; r: number; tenAway: number }> {
  const viewport = page.getByTestId('viewport').nth(cell);
  const [x0, y0, x1, y1] = await corners(viewport);
  const gray = await grabGray(viewport);
  const { x: ax, y: ay, cut } = VIEWS[plane];
  const screen: number[] = [];
  const cells: [number, number][] = [];
  for (let b = 0; b < LENGTH[ay]; b++) {
    for (let a = 0; a < LENGTH[ax]; a++) {
      const x = Math.round(x0 + (a / (LENGTH[ax] - 1)) * (x1 - x0));
      const y = Math.round(y0 + (b / (LENGTH[ay] - 1)) * (y1 - y0));
      screen.push(gray.values[y * gray.width + x]!);
      cells.push([a, b]);
    }
  }
  const scores: number[] = [];
  for (let c = 0; c < LENGTH[cut]; c++) {
    const file = cells.map(([a, b]) => {
      const voxel = { [ax]: a, [ay]: b, [cut]: c } as Record<Axis, number>;
      return volume.at(voxel.i, voxel.j, FRAMES - 1 - voxel.k);
    });
    const r = correlation(screen, file);
    scores.push(Number.isNaN(r) ? -1 : r);
  }
  const slice = scores.indexOf(Math.max(...scores));
  return {
    slice,
    r: scores[slice]!,
    tenAway: Math.max(scores[slice - 10] ?? -1, scores[slice + 10] ?? -1),
  };
}

// Wide enough that each voxel of the 1x3 MPR covers a few screen pixels.
test.use({ viewport: { width: 2200, height: 1000 } });

/**
 * `uniformAlong`: planes whose neighbouring slices look alike in this series (a phantom
 * uniform along its axis), where the best-matching slice says nothing about the position.
 */
async function checkMpr(
  app: Page,
  folder: string,
  volume: Volume,
  screenshot: (name: string) => string,
  uniformAlong: readonly string[] = [],
): Promise<void> {
  await openTestFolder(app, folder);
  await expect(app.getByTestId('viewport')).toHaveAttribute('data-status', 'ready');
  await expect(app.getByTestId('slice-text')).toHaveText(`スライス 1 / ${FRAMES}`);
  await app.getByTestId('viewer-stage').first().focus();
  await app.keyboard.press('m');
  await expect(app.getByTestId('viewport')).toHaveCount(3);
  // Corner text off: only image pixels in the screenshots.
  await app.getByTestId('tool-overlay').click();
  await expect(app.getByTestId('corner-bottom-left')).toHaveCount(0);
  const planes = ['axial', 'sagittal', 'coronal'] as const;
  for (const [cell, plane] of planes.entries()) {
    const viewport = await waitForVolume(app, cell);
    await expect(viewport).toHaveAttribute('data-view', plane);
    // One volume of 128 x 128 x 96 voxels from the 96 frames of one file.
    await expect(viewport).toHaveAttribute('data-volume-dimensions', `${SIZE},${SIZE},${FRAMES}`);
    const stage = app.getByTestId('viewer-stage').nth(cell);
    for (const [edge, letter] of Object.entries(VIEWS[plane].letters))
      await expect(stage.getByTestId(`orientation-${edge}`)).toHaveText(letter);
  }
  await app.screenshot({ path: screenshot('mpr.png') });

  for (const [cell, plane] of planes.entries()) {
    // Each plane opens through the middle of the volume and shows the file's voxels there.
    const middle = await matchSlice(app, cell, plane, volume);
    // The crosshair lines cross every plane, so even the acquired (sagittal) one is not a perfect match.
    expect(middle.r, `${plane}: correlation with the file's slice`).toBeGreaterThan(0.93);
    if (uniformAlong.includes(plane)) continue;
    expect(
      Math.abs(middle.slice - (LENGTH[VIEWS[plane].cut] - 1) / 2),
      `${plane}: middle slice`,
    ).toBeLessThanOrEqual(1);
    expect(middle.tenAway, `${plane}: a slice 10 away matches worse`).toBeLessThan(middle.r - 0.05);

    // Ten slices on moves the plane ten voxels (2 mm each) along its axis, no more, no less.
    // (The corner text is off; the slice slider says where the plane is.)
    const slider = app.getByTestId('slice-slider').nth(cell);
    await expect(slider).toHaveAttribute('max', String(VIEWS[plane].slices));
    const before = Number(await slider.inputValue());
    const stage = app.getByTestId('viewer-stage').nth(cell);
    await stage.focus();
    await app.keyboard.press('PageDown');
    await expect(slider).toHaveValue(String(before + 10));
    await expect
      .poll(
        async () => Math.abs((await matchSlice(app, cell, plane, volume)).slice - middle.slice),
        { message: `${plane}: ten slices on` },
      )
      .toBe(10);
  }
  await app.screenshot({ path: screenshot('mpr-moved.png') });
}

test('the enhanced multi-frame MR builds one volume in MPR: right size, orientation letters, reformatted pixels and 2 mm slice steps', async ({
  app,
}, testInfo) => {
  test.setTimeout(120_000);
  await checkMpr(app, FOLDER, await readVolume(), (name) =>
    testInfo.outputPath(`enhanced-${name}`),
  );
  // One file of 96 frames: cornerstone's loader, not the slice worker.
  await expect(app.getByTestId('viewport').first()).toHaveAttribute('data-slices-from-worker', '0');
});

test('the classic MR of the same scanner, read by the slice worker, gives the same volume geometry and its own voxels in MPR', async ({
  app,
}, testInfo) => {
  test.setTimeout(120_000);
  // The classic series is the QA bottle, alike along every axis (axial slices correlate 0.99
  // with their neighbours, sagittal ones 0.98 ten slices away): its planes are checked for
  // showing the files' voxels, not for where they are.
  await checkMpr(
    app,
    CLASSIC_FOLDER,
    await readClassicVolume(),
    (name) => testInfo.outputPath(`classic-${name}`),
    ['axial', 'sagittal', 'coronal'],
  );
  // The stack had fetched some of the 96 files already; the worker read the rest.
  const fromWorker = Number(
    await app.getByTestId('viewport').first().getAttribute('data-slices-from-worker'),
  );
  expect(fromWorker).toBeGreaterThan(0);
});
