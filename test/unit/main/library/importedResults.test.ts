import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../../preload/contract/index.js';
import { createLibraryHandlers } from '../../../../main/library/libraryHandlers.js';
import { opaqueId } from '../../../../main/library/studyLibrary.js';
import { readDataset, text, writeDataset } from '../../../../main/results/dicomDataset.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { testData } from '../../../support/paths.js';

/**
 * SEGs imported with their study: listed as results beside the images, with their
 * library series (which the series list then leaves out of the images), description and time,
 * and marked AI only when Contributing Equipment names an algorithm (IHE AIR).
 */
let work: string;
let dataDir: string;
const AI_SERIES = '2.25.118101155512355512102361451203971235';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-imported-results-'));
  dataDir = join(work, 'data');
  const folder = join(work, 'study');
  await mkdir(folder, { recursive: true });
  const ct = testData('seg-ct-dcmqi/ct-3slice');
  for (const name of await readdir(ct)) await copyFile(join(ct, name), join(folder, name));
  await copyFile(
    testData('seg-ct-dcmqi/partial_overlaps.dcm'),
    join(folder, 'partial_overlaps.dcm'),
  );
  // dcmqi's liver SEG as an AI tool would send it: its algorithm in Contributing Equipment, a series of its own.
  const liver = readDataset(await readFile(testData('seg-ct-dcmqi/liver.dcm')));
  liver.SeriesInstanceUID = AI_SERIES;
  liver.SOPInstanceUID = `${AI_SERIES}.1`;
  liver.ContributingEquipmentSequence = [
    {
      Manufacturer: 'Example AI',
      ManufacturerModelName: 'liver-net',
      SoftwareVersions: '2.0',
      PurposeOfReferenceCodeSequence: [
        { CodeValue: '109103', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Modifying Equipment' },
      ],
    },
  ];
  await writeFile(join(folder, 'liver-ai.dcm'), writeDataset(liver, '2.25.1'));
  const library = services();
  await library.handlers['library.importPaths']({ paths: [folder] });
  await library.dispose();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function services() {
  return createLibraryHandlers({
    info: {
      name: 'Mitate',
      version: 'test',
      host: 'devhost',
      platform: process.platform,
      nativeDialogs: false,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: () => undefined,
  });
}

describe('SEGs imported with a study', () => {
  it('are listed as results, newest first, AI only with Contributing Equipment', async () => {
    const library = services();
    const [study] = await library.handlers['library.studies']({});
    const results = channels['library.results'].response.parse(
      await library.handlers['library.results']({ studyId: study!.id }),
    );
    const overlapsSeries = text(
      readDataset(await readFile(testData('seg-ct-dcmqi/partial_overlaps.dcm'))).SeriesInstanceUID,
    );
    expect(results).toEqual([
      {
        kind: 'imported',
        seriesInstanceUid: overlapsSeries,
        seriesId: opaqueId('series', overlapsSeries),
        objects: 1,
        modality: 'SEG',
        description: 'Segmentation',
        time: '2023-12-06T20:20:52',
      },
      {
        kind: 'imported',
        seriesInstanceUid: AI_SERIES,
        seriesId: opaqueId('series', AI_SERIES),
        objects: 1,
        modality: 'SEG',
        description: 'Liver Segmentation',
        algorithm: { manufacturer: 'Example AI', name: 'liver-net', version: '2.0' },
        time: '2016-03-18T17:48:52',
      },
    ]);
    // The SEGs stay library series (the review reads them from there); the series list leaves them out of the images.
    const series = await library.handlers['library.series']({ studyId: study!.id });
    expect(series.map((item) => item.modality).sort()).toEqual(['CT', 'SEG', 'SEG']);
    await library.dispose();
  });
});
