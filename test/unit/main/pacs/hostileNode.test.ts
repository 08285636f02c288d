// A DICOMweb node that misbehaves, over real HTTP on loopback: a connection dropped in the middle
// of a study, one that drops everything, malformed multipart, duplicate UIDs, thousands of
// studies and a server that ignores `offset`. Each ends with a clear problem, no half instance
// in the library, a study never marked complete when it is not, and the app still answering.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  const files = await Promise.all(names.map((name) => readFile(join(MR, name))));
  server = await startHostileDicomweb(files);
  study = /* the one study */ (await (await fetch(`${server.url}/studies`)).json())[0]['0020000D']
    .Value[0];
});
afterAll(async () => server.close());

async function retrieveOnce(mode: HostileDicomweb['mode']) {
  server.mode = mode;
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-hostile-'));
  const feature = pacsFeature(dataDir);
  const nodeId = await feature.addNode(server.url);
  const { retrieveId } = await feature.pacs.handlers['pacs.retrieve']({
    nodeId,
    studyInstanceUid: study,
  });
  const done = await feature.retrieveUntil(retrieveId, feature.finished);
  const studies = await feature.library.handlers['library.studies']({});
  return { ...feature, nodeId, done, studies };
}

describe('a hostile DICOMweb node', () => {
  it('drops the connection mid-study: the rest is fetched one by one and the study is complete', async () => {
    const { done, studies, pacs, library } = await retrieveOnce('drop-study');
    expect(done).toMatchObject({ state: 'completed', instancesDone: 10, instancesTotal: 10 });
    expect(studies.find((one) => one.id === done.studyId)?.imageCount).toBe(10);
    await pacs.dispose();
    await library.dispose();
  });

  it('drops everything: what arrived is imported whole, the study says incomplete, and the app carries on', async () => {
    const { done, studies, pacs, library, nodeId, query } = await retrieveOnce('drop-everything');
    expect(done.state).toBe('incomplete');
    expect(done.instancesDone).toBe(5);
    expect(done.instancesFailed).toBe(5);
    expect(['unreachable', 'refused', 'protocol_error']).toContain(done.problem);
    // Five whole instances, not a sixth cut short.
    expect(studies.find((one) => one.id === done.studyId)?.imageCount).toBe(5);
    server.mode = 'honest';
    const pages = await query(nodeId);
    expect(pages.flatMap((page) => page.studies)).toHaveLength(1);
    // Retry asks only for the five missing and completes the study.
    server.singleRequests = [];
    await pacs.handlers['pacs.retryRetrieve']({ retrieveId: done.retrieveId });
    const retried = await (async () => {
      for (;;) {
        const found = (await pacs.handlers['pacs.retrieves']({})).find(
          (one) => one.retrieveId === done.retrieveId,
        )!;
        if (found.state === 'completed' || found.state === 'failed' || found.state === 'incomplete')
          return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    expect(retried).toMatchObject({ state: 'completed', instancesDone: 10 });
    expect(server.singleRequests).toHaveLength(5);
    await pacs.dispose();
    await library.dispose();
  });

  it('sends malformed multipart: protocol_error, nothing imported', async () => {
    const { done, studies, pacs, library } = await retrieveOnce('malformed');
    expect(done).toMatchObject({ state: 'failed', problem: 'protocol_error', instancesDone: 0 });
    expect(studies).toEqual([]);
    await pacs.dispose();
    await library.dispose();
  });

  it('lists and sends every instance twice: one copy of each, complete', async () => {
    const { done, studies, pacs, library } = await retrieveOnce('duplicates');
    expect(done).toMatchObject({ state: 'completed', instancesDone: 10, instancesTotal: 10 });
    expect(studies.find((one) => one.id === done.studyId)?.imageCount).toBe(10);
    await pacs.dispose();
    await library.dispose();
  });

  it('answers with thousands of studies: pages arrive, and the query ends at the limit with too_many_results', async () => {
    server.mode = 'many-studies';
    const { pacs, library, addNode, query } = pacsFeature(
      await mkdtemp(join(tmpdir(), 'mitate-hostile-')),
    );
    const nodeId = await addNode(server.url);
    const pages = await query(nodeId);
    const rows = pages.flatMap((page) => page.studies);
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((row) => row.studyInstanceUid)).size).toBe(10_000);
    expect(pages.at(-1)).toMatchObject({ done: true, problem: 'too_many_results' });
    expect(pages.length).toBeGreaterThan(2);
    server.mode = 'ignore-offset';
    const same = await query(nodeId);
    expect(same.flatMap((page) => page.studies)).toHaveLength(200);
    expect(same.at(-1)!.problem).toBeUndefined();
    await pacs.dispose();
    await library.dispose();
  });
});
