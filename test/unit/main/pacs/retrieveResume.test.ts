// Resume after a restart: the app stops in the middle of a retrieve (the node stalls after half
// the study), a new start over the same data folder finds the retrieve under way in its list and
// completes it, asking only for the instances that are not on disk.
import { mkdtemp, readdir, readFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHostileDicomweb, type HostileDicomweb } from '../../../support/hostileDicomweb.js';
import { testData } from '../../../support/paths.js';
import { pacsFeature } from './pacsFeature.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
let server: HostileDicomweb;
let study = '';

beforeAll(async () => {
  const names = (await readdir(MR))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 10);
  server = await startHostileDicomweb(
    await Promise.all(names.map((name) => readFile(join(MR, name)))),
  );
  study = (await (await fetch(`${server.url}/studies`)).json())[0]['0020000D'].Value[0];
});
afterAll(async () => server.close());

it('completes an interrupted retrieve after a restart without fetching again what is whole on disk', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-resume-'));
  server.mode = 'stall-study';
  const first = pacsFeature(dataDir);
  const nodeId = await first.addNode(server.url);
  const { retrieveId } = await first.pacs.handlers['pacs.retrieve']({
    nodeId,
    studyInstanceUid: study,
  });
  const halfway = await first.retrieveUntil(retrieveId, (one) => one.instancesDone >= 5);
  expect(halfway.state).toBe('retrieving');
  await first.pacs.dispose();
  await first.library.dispose();
  const onDisk = (await readdir(join(dataDir, 'retrieved', retrieveId))).filter((name) =>
    name.endsWith('.dcm'),
  );
  expect(onDisk).toHaveLength(5);
  const journal = JSON.parse(await readFile(join(dataDir, 'pacs', 'retrieves.json'), 'utf8'));
  expect(journal.retrieves[0].state).toBe('retrieving');

  // The machine stopped too: the disk lost the end of one file that was never flushed.
  const damaged = onDisk[0]!;
  await truncate(join(dataDir, 'retrieved', retrieveId, damaged), 1000);

  server.mode = 'honest';
  server.singleRequests = [];
  const studyRequestsBefore = server.studyRequests;
  const second = pacsFeature(dataDir);
  const done = await second.retrieveUntil(retrieveId, second.finished);
  expect(done).toMatchObject({ state: 'completed', instancesDone: 10, instancesTotal: 10 });
  // The four whole files on disk were not asked for again, nor the whole study; the damaged one was.
  expect(server.singleRequests).toHaveLength(6);
  expect(server.singleRequests).toContain(damaged.slice(0, -'.dcm'.length));
  const already = new Set(onDisk.slice(1).map((name) => name.slice(0, -'.dcm'.length)));
  expect(server.singleRequests.some((uid) => already.has(uid))).toBe(false);
  expect(server.studyRequests).toBe(studyRequestsBefore);
  const studies = await second.library.handlers['library.studies']({});
  expect(studies.find((one) => one.id === done.studyId)?.imageCount).toBe(10);
  await second.pacs.dispose();
  await second.library.dispose();
});
