import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../../preload/contract/index.js';
import { AiResultIndex } from '../../../../main/results/resultIndex.js';
import { createLibraryHandlers } from '../../../../main/library/libraryHandlers.js';
import { AssessmentIndex } from '../../../../main/results/assessmentIndex.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { readHeader } from '../../../../main/dicom/readHeader.js';
import { testData } from '../../../support/paths.js';

/**
 * AI results and assessments in the library: the study row says how many AI result
 * series it has and from which service and algorithm, the study's result series are listed marked
 * as AI or as the doctor's assessment, and both survive a restart (they are read from the
 * sidecars the jobs pipeline and the review write, not kept in memory).
 */
const MR = testData('mr-head-t1-siemens-xa30-classic');
let work: string;
let dataDir: string;
let studyUid: string;

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

const algorithm = { manufacturer: 'Mitate reference', name: 'aneurysm-detector', version: '1.2.0' };
function aiEntry(series: string, sop: string, modality: string, receivedAt: string) {
  return {
    jobId: 'job-library-test',
    studyInstanceUid: studyUid,
    sopInstanceUid: sop,
    seriesInstanceUid: series,
    sopClassUid:
      modality === 'SEG' ? '1.2.840.10008.5.1.4.1.1.66.4' : '1.2.840.10008.5.1.4.1.1.88.22',
    modality,
    algorithm,
    serviceId: 'aneurysm-mra',
    serviceVersion: '2026.1',
    receivedAt,
  };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-library-results-'));
  dataDir = join(work, 'data');
  const images = join(work, 'images');
  await mkdir(images, { recursive: true });
  const names = (await readdir(MR)).sort().slice(0, 3);
  for (const name of names) await copyFile(join(MR, name), join(images, name));
  const firstImage = join(images, names[0]!);
  const header = await readHeader(firstImage, (await stat(firstImage)).size);
  if (header.kind !== 'instance') throw new Error('test image unreadable');
  studyUid = header.header.studyInstanceUid;
  const library = services();
  await library.handlers['library.importPaths']({ paths: [images] });
  await library.dispose();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('AI results beside a study in the library', () => {
  it('marks the study and lists its AI series and the assessment, newest first, also after a restart', async () => {
    const first = services();
    const [study] = channels['library.studies'].response.parse(
      await first.handlers['library.studies']({}),
    );
    expect(study!.results).toBeUndefined();

    // What the receive step stores for one job: a SEG and an SR, each its own series.
    const index = new AiResultIndex(dataDir);
    await index.add(
      aiEntry('2.25.100', '2.25.101', 'SEG', '2026-12-01T10:00:00.000Z'),
      new Uint8Array([1]),
    );
    await index.add(
      aiEntry('2.25.200', '2.25.201', 'SR', '2026-12-01T10:00:00.000Z'),
      new Uint8Array([2]),
    );
    // The doctor's assessment of the SR, as review.saveAssessment records it.
    await new AssessmentIndex(dataDir).save('2.25.201', new Uint8Array([3]), {
      file: '2.25.301.dcm',
      savedAt: '2026-12-01T10:05:00.000Z',
      decisions: {},
      studyInstanceUid: studyUid,
      seriesInstanceUid: '2.25.300',
      sopInstanceUid: '2.25.301',
      observer: '鈴木^花子',
    });

    const [marked] = channels['library.studies'].response.parse(
      await first.handlers['library.studies']({}),
    );
    expect(marked!.results).toEqual({
      aiSeries: 2,
      assessments: 1,
      sources: [
        {
          serviceId: 'aneurysm-mra',
          serviceVersion: '2026.1',
          algorithm,
          time: '2026-12-01T10:00:00.000Z',
        },
      ],
    });
    const listed = channels['library.results'].response.parse(
      await first.handlers['library.results']({ studyId: study!.id }),
    );
    expect(
      listed.map((series) => [series.kind, series.modality, series.seriesInstanceUid]),
    ).toEqual([
      ['assessment', 'SR', '2.25.300'],
      ['ai', 'SEG', '2.25.100'],
      ['ai', 'SR', '2.25.200'],
    ]);
    expect(listed[0]!.observer).toBe('鈴木^花子');
    expect(listed[1]).toMatchObject({
      serviceId: 'aneurysm-mra',
      serviceVersion: '2026.1',
      algorithm,
      objects: 1,
    });
    // The image series are unchanged: results are not image stacks.
    expect(
      (await first.handlers['library.series']({ studyId: study!.id })).map(
        (series) => series.modality,
      ),
    ).toEqual(['MR']);
    await first.dispose();

    const restarted = services();
    const [again] = await restarted.handlers['library.studies']({});
    expect(again!.results?.aiSeries).toBe(2);
    expect(await restarted.handlers['library.results']({ studyId: study!.id })).toEqual(listed);
    await restarted.dispose();
  });

  it('answers not_found for a study that is not in the library', async () => {
    const library = services();
    await expect(
      library.handlers['library.results']({ studyId: 'no-such-study' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await library.dispose();
  });
});
