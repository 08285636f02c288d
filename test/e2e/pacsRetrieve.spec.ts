// A doctor retrieves a study from the PACS: ten MR slices are stored into a real Orthanc by
// STOW-RS, the doctor adds Orthanc as a DICOMweb node in the connections dialog and tests it,
// searches, sees the remote study, opens its series, retrieves it by WADO-RS, and opens it in
// the viewer, where slice 1 is drawn as the file holds it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomwebClient } from '../../main/dicomweb/index.js';
import { applyWindow, readUncompressed } from '../support/dicomPixels.js';
import { testData } from '../support/paths.js';
import { correlation, grabGray, imageRect, sampleAtImagePixels, stats } from '../support/pixels.js';
import { orthancAvailable, startOrthanc, type Orthanc } from '../unit/main/jobs/orthanc.js';
import { expect, test, waitForImage } from './fixtures.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
let orthanc: Orthanc | undefined;
let names: string[] = [];

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(async () => {
  if (!orthancAvailable) return;
  orthanc = await startOrthanc();
  names = (await readdir(MR))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 10);
  const files = await Promise.all(names.map((name) => readFile(join(MR, name))));
  await new DicomwebClient({ baseUrl: orthanc.dicomweb }).store(files);
});
test.afterAll(async () => orthanc?.close());

test(`a doctor finds a study on the PACS, retrieves it by WADO-RS and reads it${orthancAvailable ? '' : ' (skipped: Debian orthanc + orthanc-dicomweb are not installed)'}`, async ({
  app,
}, testInfo) => {
  test.skip(!orthancAvailable, 'Debian orthanc + orthanc-dicomweb are not installed');
  // The connections dialog: add Orthanc as a DICOMweb node and test it.
  await app.getByTestId('pacs-settings-open').click();
  const dialog = app.getByTestId('pacs-settings');
  await expect(dialog.getByTestId('local-aeTitle')).toHaveValue('MITATE');
  await expect(dialog.getByTestId('local-port')).toHaveValue('11112');
  await expect(dialog.getByTestId('local-receive')).not.toBeChecked();
  await dialog.getByTestId('add-dicomweb').click();
  await dialog.getByTestId('node-label').fill('院内 PACS (Orthanc)');
  await dialog.getByTestId('node-baseUrl').fill(orthanc!.dicomweb);
  await dialog.getByTestId('node-save').click();
  await expect(dialog.getByTestId('node-item')).toHaveCount(1);
  await dialog.getByTestId('node-test').click();
  await expect(dialog.getByTestId('node-test-result')).toContainText('接続できました');
  await app.screenshot({ path: testInfo.outputPath('pacs-settings.png') });
  await dialog.getByTestId('pacs-settings-close').click();

  // Search: the remote study shows in the list style, marked as on the PACS.
  await app.getByTestId('pacs-toggle').click();
  await app.getByTestId('remote-modality').selectOption('MR');
  await app.getByTestId('remote-search').click();
  const row = app.getByTestId('remote-study-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('PACS');
  await expect(row).toContainText('1999/01/01');
  await expect(app.getByTestId('remote-count')).toContainText('1 件');
  await row.getByTestId('remote-series-toggle').click();
  await expect(app.getByTestId('remote-series-row')).toHaveCount(1);
  await expect(app.getByTestId('remote-series-row')).toContainText('10');
  await app.screenshot({ path: testInfo.outputPath('pacs-search.png') });

  // Retrieve the study: it completes, with its ten images, and opens from the list.
  await row.getByTestId('remote-retrieve-study').click();
  const retrieve = app.getByTestId('retrieve-item');
  await expect(retrieve).toHaveAttribute('data-state', 'completed');
  await expect(retrieve).toContainText('10 / 10');
  await app.screenshot({ path: testInfo.outputPath('pacs-retrieved.png') });
  await retrieve.getByTestId('retrieve-open').click();
  await expect(app.getByTestId('study-row')).toHaveCount(1);
  await waitForImage(app);
  await expect(app.getByTestId('slice-text')).toHaveText('スライス 1 / 10');

  // Slice 1 as drawn against the file's own pixels under its own window.
  const slice = await readUncompressed(join(MR, names[0]!));
  const viewport = app.getByTestId('viewport');
  const shot = await grabGray(viewport);
  const rect = await imageRect(viewport);
  const drawn = sampleAtImagePixels(shot, rect, slice.columns, slice.rows);
  const expected = applyWindow(slice.values, slice.windowCenter, slice.windowWidth);
  const centre = (values: Float64Array) => {
    const out: number[] = [];
    for (let r = 32; r < 96; r++)
      for (let c = 32; c < 96; c++) out.push(values[r * slice.columns + c]!);
    return out;
  };
  expect(stats(centre(drawn)).sd).toBeGreaterThan(5);
  expect(correlation(centre(drawn), centre(expected))).toBeGreaterThan(0.95);
  await app.screenshot({ path: testInfo.outputPath('pacs-opened.png') });
});
