// The orchestration against a real Orthanc with its DICOMweb plugin: a node configured through
// the pacs channels, the echo, a query answered as pages, the series, and a WADO-RS retrieve
// with progress that ends imported into the library, its folder owner-only.
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomwebClient } from '../../../../main/dicomweb/index.js';
import type { RetrieveProgress } from '../../../../preload/contract/index.js';
import { testData } from '../../../support/paths.js';
import { freePort, orthancAvailable, startOrthanc, type Orthanc } from '../jobs/orthanc.js';
import { pacsFeature } from './pacsFeature.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
let orthanc: Orthanc | undefined;
let study = '';

beforeAll(async () => {
  if (!orthancAvailable) return;
  orthanc = await startOrthanc();
  const names = (await readdir(MR))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 8);
  const files = await Promise.all(names.map((name) => readFile(join(MR, name))));
  const stored = await new DicomwebClient({ baseUrl: orthanc.dicomweb }).store(files);
  expect(stored.stored.length).toBe(8);
  const found = await new DicomwebClient({ baseUrl: orthanc.dicomweb }).search({ of: 'studies' });
  study = found[0]!['0020000D']!.Value![0] as string;
});
afterAll(async () => orthanc?.close());

describe.skipIf(!orthancAvailable)(
  `Retrieve from Orthanc over DICOMweb${orthancAvailable ? '' : ' (skipped: Debian orthanc + orthanc-dicomweb are not installed)'}`,
  () => {
    it('echoes, finds, lists series, retrieves with progress and imports into the library', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'mitate-pacs-'));
      const { pacs, library, events, addNode, query, retrieveUntil, finished } =
        pacsFeature(dataDir);
      const settings = await pacs.handlers['pacs.settings']({});
      expect(settings.local).toMatchObject({
        aeTitle: 'MITATE',
        port: 11112,
        receiveEnabled: false,
      });
      const nodeId = await addNode(orthanc!.dicomweb);
      expect(nodeId).toMatch(/^node-/);
      expect(await pacs.handlers['pacs.echo']({ nodeId })).toMatchObject({ ok: true });

      const pages = await query(nodeId, { modality: 'MR' });
      expect(pages.flatMap((page) => page.studies).map((one) => one.studyInstanceUid)).toEqual([
        study,
      ]);
      expect(pages.at(-1)!.problem).toBeUndefined();
      const series = await pacs.handlers['pacs.series']({ nodeId, studyInstanceUid: study });
      expect(series).toHaveLength(1);

      const { retrieveId } = await pacs.handlers['pacs.retrieve']({
        nodeId,
        studyInstanceUid: study,
      });
      const done = await retrieveUntil(retrieveId, finished);
      expect(done).toMatchObject({
        state: 'completed',
        instancesDone: 8,
        instancesTotal: 8,
        instancesFailed: 0,
      });
      expect(done.bytesDone).toBeGreaterThan(0);
      expect(
        events.some(
          (event) =>
            event.name === 'pacs.retrieveProgress' &&
            (event.payload as RetrieveProgress).state === 'retrieving',
        ),
      ).toBe(true);
      const studies = await library.handlers['library.studies']({});
      expect(studies.map((one) => one.id)).toContain(done.studyId);
      expect(studies.find((one) => one.id === done.studyId)!.imageCount).toBe(8);
      expect((await stat(join(dataDir, 'retrieved', retrieveId))).mode & 0o777).toBe(0o700);

      // Retrieving again adds nothing twice: the library keeps one copy of each instance.
      const again = await pacs.handlers['pacs.retrieve']({ nodeId, studyInstanceUid: study });
      await retrieveUntil(again.retrieveId, finished);
      const after = await library.handlers['library.studies']({});
      expect(after.find((one) => one.id === done.studyId)!.imageCount).toBe(8);
      await pacs.dispose();
      await library.dispose();
    });

    it('says what is wrong with a node nobody answers at, in the echo and the query', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'mitate-pacs-'));
      const { pacs, library, addNode, query } = pacsFeature(dataDir);
      const nodeId = await addNode(`http://127.0.0.1:${await freePort()}/dicom-web`);
      expect(await pacs.handlers['pacs.echo']({ nodeId })).toEqual({
        ok: false,
        problem: 'refused',
      });
      const pages = await query(nodeId);
      expect(pages.at(-1)).toMatchObject({ done: true, problem: 'refused' });
      await pacs.dispose();
      await library.dispose();
    });
  },
);
