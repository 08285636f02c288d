// The PACS and a modality over DIMSE, as a doctor and IT set them up: ten MR slices are pushed
// into a real Orthanc by DCMTK's storescu; in the connections dialog the doctor turns the
// workstation's storage SCP on (only STORESCU may send), adds Orthanc as a DIMSE node (C-GET) and
// tests it, searches, retrieves the study by C-GET and opens it, its image drawn. Then storescu,
// acting as a CT scanner, pushes a second study into Mitate's SCP, and it appears in the list.
import { dcmtkAvailable, runDcmtk } from '../support/dcmtk.js';
import { testData } from '../support/paths.js';
import { grabGray, imageRect, sampleAtImagePixels, stats } from '../support/pixels.js';
import { freePort, orthancAvailable, type Orthanc } from '../unit/main/jobs/orthanc.js';
import { dicomFiles, startPacsWith } from '../unit/main/jobs/orthancPacs.js';
import { expect, test, waitForImage } from './fixtures.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const CT = testData('ct-head-ge-gantry-tilt-subset');
const available = orthancAvailable && dcmtkAvailable;
let orthanc: Orthanc | undefined;
let scpPort = 0;

test.use({ viewport: { width: 1280, height: 800 } });

test.beforeAll(async () => {
  if (!available) return;
  scpPort = await freePort();
  orthanc = await startPacsWith(await dicomFiles(MR, 10), scpPort);
});
test.afterAll(async () => orthanc?.close());

test(`a doctor retrieves from the PACS by C-GET and a modality pushes into the workstation${available ? '' : ' (skipped: Debian orthanc and dcmtk are not installed)'}`, async ({
  app,
}, testInfo) => {
  test.skip(!available, 'Debian orthanc and dcmtk are not installed');
  test.setTimeout(120_000);
  await app.getByTestId('pacs-settings-open').click();
  const dialog = app.getByTestId('pacs-settings');
  // The workstation's own AE: receiving on, on a free port, only STORESCU may send.
  await dialog.getByTestId('local-port').fill(String(scpPort));
  await dialog.getByTestId('local-receive').check();
  await dialog.getByTestId('local-allowedCallers').fill('STORESCU');
  await dialog.getByTestId('local-save').click();
  // Orthanc as a DIMSE node, retrieved with C-GET.
  await dialog.getByTestId('add-dimse').click();
  await dialog.getByTestId('node-label').fill('院内 PACS (DIMSE)');
  await dialog.getByTestId('node-aeTitle').fill('ORTHANC');
  await dialog.getByTestId('node-host').fill('127.0.0.1');
  await dialog.getByTestId('node-port').fill(String(orthanc!.dicomPort));
  await dialog.getByTestId('node-retrieveWith').selectOption('c-get');
  await dialog.getByTestId('node-save').click();
  await expect(dialog.getByTestId('node-item')).toHaveCount(1);
  await dialog.getByTestId('node-test').click();
  await expect(dialog.getByTestId('node-test-result')).toContainText('接続できました');
  await app.screenshot({ path: testInfo.outputPath('pacs-dimse-settings.png') });
  await dialog.getByTestId('pacs-settings-close').click();

  await app.getByTestId('pacs-toggle').click();
  await app.getByTestId('remote-search').click();
  const row = app.getByTestId('remote-study-row');
  await expect(row).toHaveCount(1);
  await row.getByTestId('remote-retrieve-study').click();
  const retrieve = app.getByTestId('retrieve-item');
  await expect(retrieve).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await expect(retrieve).toContainText('10 / 10');
  await retrieve.getByTestId('retrieve-open').click();
  await expect(app.getByTestId('study-row')).toHaveCount(1);
  await waitForImage(app);
  const viewport = app.getByTestId('viewport');
  const drawn = sampleAtImagePixels(await grabGray(viewport), await imageRect(viewport), 128, 128);
  expect(stats(Array.from(drawn)).sd, 'the retrieved slice is drawn, not blank').toBeGreaterThan(5);

  // A CT scanner (storescu) pushes a second study: it arrives in the list.
  const pushed = await runDcmtk('storescu', [
    '-aet',
    'STORESCU',
    '-aec',
    'MITATE',
    '127.0.0.1',
    String(scpPort),
    ...(await dicomFiles(CT, 4)),
  ]);
  expect(pushed.code, pushed.output).toBe(0);
  await expect(app.getByTestId('study-row')).toHaveCount(2, { timeout: 30_000 });
  await expect(app.getByTestId('study-row').filter({ hasText: 'CT' })).toHaveCount(1);
  await app.screenshot({ path: testInfo.outputPath('pacs-dimse-received.png') });
});
