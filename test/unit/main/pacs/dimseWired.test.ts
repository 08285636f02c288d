// The DIMSE client and the storage SCP as the app wires them (createPacsHandlers), against a real
// Orthanc fed by DCMTK's storescu: a DIMSE node configured through the pacs channels retrieves a
// study by C-GET and, with receiving on, by C-MOVE into the app's own SCP, each ending imported
// into the library; storescu acting as a modality pushes into the SCP, and the study appears with
// a `pacs.received` event. Receiving off (the default) opens no port.
import { mkdtemp } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, LocalAe, RemoteNode } from '../../../../preload/contract/index.js';
import { dcmtkAvailable, runDcmtk } from '../../../support/dcmtk.js';
import { testData } from '../../../support/paths.js';
import { freePort, orthancAvailable, type Orthanc } from '../jobs/orthanc.js';
import { dicomFiles, startPacsWith } from '../jobs/orthancPacs.js';
import { pacsFeature } from './pacsFeature.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const available = orthancAvailable && dcmtkAvailable;
let orthanc: Orthanc | undefined;
let scpPort = 0;
let files: string[] = [];

beforeAll(async () => {
  if (!available) return;
  scpPort = await freePort();
  files = await dicomFiles(MR, 6);
  orthanc = await startPacsWith(files, scpPort);
}, 60_000);
afterAll(async () => orthanc?.close());

function orthancNode(retrieveWith: 'c-get' | 'c-move'): RemoteNode {
  return {
    kind: 'dimse',
    id: 'new-orthanc',
    label: 'Orthanc',
    aeTitle: 'ORTHANC',
    host: '127.0.0.1',
    port: orthanc!.dicomPort!,
    tls: { enabled: false },
    retrieveWith,
  };
}

async function configured(
  retrieveWith: 'c-get' | 'c-move',
  local: Partial<LocalAe>,
): Promise<ReturnType<typeof pacsFeature> & { nodeId: string }> {
  const feature = pacsFeature(await mkdtemp(join(tmpdir(), 'mitate-dimse-wired-')));
  const current = await feature.pacs.handlers['pacs.settings']({});
  const saved = await feature.pacs.handlers['pacs.updateSettings']({
    local: { ...current.local, ...local },
    nodes: [orthancNode(retrieveWith)],
  });
  return { ...feature, nodeId: saved.nodes[0]!.id };
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(!available)(
  `DIMSE wired into the app${available ? '' : ' (skipped: Debian orthanc and dcmtk are not installed)'}`,
  () => {
    it('C-GET from a configured node: echo, find, retrieve, imported; no port opens while receiving is off', async () => {
      const { pacs, library, nodeId, query, retrieveUntil, finished } = await configured('c-get', {
        port: scpPort,
      });
      await pacs.ready;
      expect(await listening(scpPort)).toBe(false);
      expect(await pacs.handlers['pacs.echo']({ nodeId })).toMatchObject({ ok: true });
      const pages = await query(nodeId, { modality: 'MR' });
      const [study] = pages.flatMap((page) => page.studies);
      expect(study).toBeDefined();
      const { retrieveId } = await pacs.handlers['pacs.retrieve']({
        nodeId,
        studyInstanceUid: study!.studyInstanceUid,
      });
      const done = await retrieveUntil(retrieveId, finished);
      expect(done).toMatchObject({ state: 'completed', instancesDone: 6, instancesFailed: 0 });
      const studies = await library.handlers['library.studies']({});
      expect(studies.find((one) => one.id === done.studyId)?.imageCount).toBe(6);
      await pacs.dispose();
    }, 60_000);

    it('C-MOVE into the running SCP, then storescu pushes into it and the study arrives', async () => {
      const { pacs, library, events, nodeId, query, retrieveUntil, finished } = await configured(
        'c-move',
        { port: scpPort, receiveEnabled: true, allowedCallers: ['STORESCU', 'ORTHANC'] },
      );
      await pacs.ready;
      expect(await listening(scpPort)).toBe(true);
      const [study] = (await query(nodeId, {})).flatMap((page) => page.studies);
      const { retrieveId } = await pacs.handlers['pacs.retrieve']({
        nodeId,
        studyInstanceUid: study!.studyInstanceUid,
      });
      const moved = await retrieveUntil(retrieveId, finished);
      expect(moved).toMatchObject({ state: 'completed', instancesDone: 6 });

      await library.handlers['library.clear']({});
      const pushed = await runDcmtk('storescu', [
        '-aet',
        'STORESCU',
        '-aec',
        'MITATE',
        '127.0.0.1',
        String(scpPort),
        ...files,
      ]);
      expect(pushed.code).toBe(0);
      // The association ended when storescu exited; its import then emits `pacs.received`.
      for (;;) {
        if (events.some((event) => event.name === 'pacs.received')) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const received = events.find((event) => event.name === 'pacs.received')!
        .payload as EventPayload<'pacs.received'>;
      expect(received).toMatchObject({ callingAeTitle: 'STORESCU', instances: 6 });
      const studies = await library.handlers['library.studies']({});
      expect(studies.map((one) => one.id)).toEqual(received.studyIds);
      await pacs.dispose();
      expect(await listening(scpPort)).toBe(false);
    }, 60_000);
  },
);
