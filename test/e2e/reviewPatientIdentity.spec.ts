/**
 * Whose images are on screen is always shown, and never changes silently: the review's panes
 * carry the patient's identity as the viewer's cells do, and a job's "Open results" for another
 * patient than the one on screen asks first, naming both, then names the patient switched to.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { test } from '@playwright/test';
import { runDevHost, type DevHostRun } from '../support/devHostSession.js';
import { axialPositions, writeSyntheticSeries } from '../support/syntheticSeries.js';
import { expect, openPath, watchPageProblems } from './fixtures.js';

const A = {
  name: 'Kotei^Ichiro',
  id: 'PAT-A',
  birthDate: '19600102',
  accession: 'ACC-A1',
  studyDate: '20260401',
};
const B = {
  name: 'Kasou^Hanako',
  id: 'PAT-B',
  birthDate: '19751224',
  accession: 'ACC-B2',
  studyDate: '20260315',
};
const STUDY_A = '1.2.826.0.1.3680043.10.1234.96.1.1';

let work = '';
let host: DevHostRun | undefined;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-patient-identity-'));
  const common = {
    seriesNumber: 1,
    rows: 32,
    columns: 32,
    pixelSpacing: [1, 1] as [number, number],
    positions: axialPositions(3, 1),
  };
  await writeSyntheticSeries({
    ...common,
    folder: join(work, 'a'),
    modality: 'CT',
    description: 'Chest CT',
    voxel: (i) => 1024 + i * 20,
    window: { center: 300, width: 800 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.96.1',
    studyUid: STUDY_A,
    patient: A,
  });
  await writeSyntheticSeries({
    ...common,
    folder: join(work, 'b'),
    modality: 'MR',
    description: 'Head MR',
    voxel: (_i, j) => 100 + j * 10,
    window: { center: 300, width: 600 },
    uidRoot: '1.2.826.0.1.3680043.10.1234.96.2',
    patient: B,
  });
  // A finished AI job on patient A's study, as the jobs pipeline leaves it on disk.
  const dataDir = join(work, 'data');
  await mkdir(join(dataDir, 'jobs'), { recursive: true });
  const now = new Date().toISOString();
  const job = {
    version: 1,
    id: 'job-identity-0001',
    createdAt: now,
    updatedAt: now,
    service: {
      id: 'aneurysm-mra',
      version: '1.0.0',
      workitemCode: { value: '0001', scheme: '99MITATE', meaning: 'Test' },
      deidOptions: [],
    },
    source: { studyInstanceUid: STUDY_A, seriesInstanceUids: [] },
    destination: 'http://127.0.0.1:9/dicomweb',
    state: 'completed',
    progress: { instancesDone: 3, instancesTotal: 3, bytesDone: 1, bytesTotal: 1 },
    results: [
      {
        sopInstanceUid: '1.2.826.0.1.3680043.10.1234.96.9.1',
        seriesInstanceUid: '1.2.826.0.1.3680043.10.1234.96.9',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4',
        modality: 'SEG',
        algorithm: { manufacturer: 'Test', name: 'Test', version: '1' },
      },
    ],
    completedAt: now,
  };
  await writeFile(join(dataDir, 'jobs', `${job.id}.json`), JSON.stringify(job));
  host = await runDevHost(dataDir, []);
});
test.afterAll(async () => {
  await host?.stop();
  if (work !== '') await rm(work, { recursive: true, force: true });
});

/** The identity in one viewport's corners: name, ID, birth date, study date, accession. */
async function expectIdentity(pane: Locator, patient: typeof A): Promise<void> {
  const [family, given] = patient.name.split('^');
  const date = (value: string): string =>
    `${value.slice(0, 4)}/${value.slice(4, 6)}/${value.slice(6)}`;
  await expect(pane.getByTestId('corner-patient-name')).toHaveText(`${family} ${given}`);
  await expect(pane.getByTestId('corner-patient-id')).toHaveText(patient.id);
  await expect(pane.getByTestId('corner-birth-date')).toHaveText(
    `生年月日 ${date(patient.birthDate)}`,
  );
  await expect(pane.getByTestId('corner-study-date')).toHaveText(date(patient.studyDate));
  await expect(pane.getByTestId('corner-accession')).toHaveText(`受付番号 ${patient.accession}`);
}

test("the review's panes name the patient, and a job's results for another patient open only after a confirmation naming both", async ({
  page,
}) => {
  const problems = watchPageProblems(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host!.launchUrl);
  await page.evaluate(async () => window.mitate.invoke('settings.update', { locale: 'ja' }));
  await page.reload();
  await openPath(page, join(work, 'a'));
  await expect(page.getByTestId('study-row')).toHaveCount(1);
  await openPath(page, join(work, 'b'));
  await expect(page.getByTestId('study-row')).toHaveCount(2);
  // Patient B on screen, named in the viewer's corners.
  const viewerCell = page.getByTestId('viewer-cell').first();
  await expectIdentity(viewerCell, B);

  const job = page.getByTestId('job').first();
  await expect(job).toHaveAttribute('data-job-state', 'completed');
  await job.getByTestId('job-open-results').click();
  // Not yet switched: the dialog names the patient on screen and the one the results belong to.
  const dialog = page.getByTestId('patient-switch');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('patient-switch-current')).toContainText('PAT-B');
  await expect(dialog.getByTestId('patient-switch-next')).toContainText('Kotei Ichiro');
  await expect(dialog.getByTestId('patient-switch-next')).toContainText('PAT-A');
  await page.screenshot({ path: 'test-results/patient-switch-dialog.png' });
  await expect(page.getByTestId('review')).toHaveCount(0);
  await expectIdentity(viewerCell, B);

  // Cancelled: nothing changes.
  await dialog.getByTestId('patient-switch-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('review')).toHaveCount(0);
  await expectIdentity(viewerCell, B);

  // Confirmed: the review of patient A, every pane naming A, and a banner saying the patient changed.
  await job.getByTestId('job-open-results').click();
  await dialog.getByTestId('patient-switch-confirm').click();
  const review = page.getByTestId('review');
  await expect(review).toBeVisible();
  await expect(page.getByTestId('patient-switched')).toContainText('Kotei Ichiro');
  await expect(page.getByTestId('patient-switched')).toContainText('PAT-A');
  for (const testId of ['review-original', 'review-annotated'])
    await expectIdentity(review.getByTestId(testId).locator('..'), A);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/review-patient-identity.png' });
  expect(problems, 'page errors').toEqual([]);
});
