// The DIMSE client against a real PACS (Orthanc's DIMSE server) fed by a real modality (DCMTK's
// storescu): C-ECHO and its failures, C-FIND at study and series level with Japanese names,
// C-GET and C-MOVE (into our own storage SCP) with the pixels compared byte for byte.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DimseNode, LocalAe, RemoteStudy } from '../../../../preload/contract/index.js';
import {
  createDimseClient,
  PacsError,
  startStorageScp,
  type InstanceSink,
  type StorageScp,
} from '../../../../main/pacs/index.js';
import { dcmtkAvailable } from '../../../support/dcmtk.js';
import { testData } from '../../../support/paths.js';
import { freePort, orthancAvailable, type Orthanc } from '../jobs/orthanc.js';
import { dicomFiles, startPacsWith } from '../jobs/orthancPacs.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const NAMES = testData('japanese-names');
const available = orthancAvailable && dcmtkAvailable;
let orthanc: Orthanc | undefined;
let scp: StorageScp | undefined;
let dataDir = '';
let mrFiles: string[] = [];

const local: LocalAe = {
  aeTitle: 'MITATE',
  port: 11112,
  receiveEnabled: false,
  allowedCallers: [],
  tls: { enabled: false },
  maxAssociations: 4,
  maxInstanceBytes: 512 * 1024 * 1024,
};
const nodeFor = (overrides: Partial<DimseNode> = {}): DimseNode => ({
  kind: 'dimse',
  id: 'orthanc',
  label: 'Orthanc',
  aeTitle: 'ORTHANC',
  host: '127.0.0.1',
  port: orthanc!.dicomPort!,
  tls: { enabled: false },
  retrieveWith: 'c-get',
  ...overrides,
});
const signal = (): AbortSignal => new AbortController().signal;
const problemOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof PacsError ? error.problem : String(error)),
  );
const uidOf = (bytes: Uint8Array, key: string): string =>
  dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string(key)!.trim();
const pixelsOf = (bytes: Uint8Array): Buffer => {
  const set = dicomParser.parseDicom(bytes);
  const element = set.elements.x7fe00010!;
  return Buffer.from(bytes.subarray(element.dataOffset, element.dataOffset + element.length));
};

function memorySink(): InstanceSink & { files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  return {
    files,
    alreadyHave: new Set(),
    async accept({ sopInstanceUid, bytes }) {
      files.set(sopInstanceUid, bytes);
    },
  };
}

beforeAll(async () => {
  if (!available) return;
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-dimse-'));
  // Our SCP first: Orthanc must know its port as the C-MOVE destination.
  scp = await startStorageScp(
    { ...local, receiveEnabled: true },
    { dataDir, allowedCallers: [], host: '127.0.0.1', port: 0 },
  );
  mrFiles = await dicomFiles(MR, 12);
  const names = ['utf8.dcm', 'ir87.dcm', 'ir13.dcm'].map((name) => join(NAMES, name));
  orthanc = await startPacsWith([...mrFiles, ...names], scp.port);
}, 60_000);
afterAll(async () => {
  await orthanc?.close();
  await scp?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!available)(
  `DIMSE client against Orthanc${available ? '' : ' (skipped: Debian orthanc or dcmtk is not installed)'}`,
  () => {
    it('echoes, and says refused, unknown AE and wrong called AE in words the user is told', async () => {
      const client = createDimseClient(nodeFor(), local);
      expect(await client.echo(signal())).toBeGreaterThanOrEqual(0);
      const closed = await freePort();
      expect(
        await problemOf(createDimseClient(nodeFor({ port: closed }), local).echo(signal())),
      ).toBe('refused');
      expect(
        await problemOf(
          createDimseClient(nodeFor(), { ...local, aeTitle: 'STRANGER' }).echo(signal()),
        ),
      ).toBe('unknown_ae');
      expect(
        await problemOf(
          createDimseClient(nodeFor({ aeTitle: 'NOT_ORTHANC' }), local).echo(signal()),
        ),
      ).toBe('unknown_ae');
    });

    it('finds studies with Japanese names decoded, then the series of one', async () => {
      const client = createDimseClient(nodeFor(), local);
      const studies: RemoteStudy[] = [];
      await client.findStudies({}, signal(), (batch) => studies.push(...batch));
      expect(studies.length).toBe(4);
      const yamada = studies.filter((study) => study.patientName.ideographic === '山田 太郎');
      expect(yamada.length).toBeGreaterThanOrEqual(2);
      expect(yamada[0]!.patientName).toEqual({
        alphabetic: 'Yamada Tarou',
        ideographic: '山田 太郎',
        phonetic: 'やまだ たろう',
      });

      const byName: RemoteStudy[] = [];
      await client.findStudies({ patientName: '*山田*' }, signal(), (batch) =>
        byName.push(...batch),
      );
      expect(byName.length).toBeGreaterThanOrEqual(1);

      const mrStudy = uidOf(await readFile(mrFiles[0]!), 'x0020000d');
      const series = await client.findSeries(mrStudy, signal());
      expect(series).toEqual([
        expect.objectContaining({
          studyInstanceUid: mrStudy,
          seriesInstanceUid: uidOf(await readFile(mrFiles[0]!), 'x0020000e'),
          modality: 'MR',
          instanceCount: 12,
        }),
      ]);
    });

    it('stops a C-FIND past the cap with too_many_results', async () => {
      const client = createDimseClient(nodeFor(), local, { maxResults: 2 });
      expect(await problemOf(client.findStudies({}, signal(), () => {}))).toBe('too_many_results');
      // The node is still fine afterwards.
      expect(await createDimseClient(nodeFor(), local).echo(signal())).toBeGreaterThanOrEqual(0);
    });

    it('retrieves a series by C-GET, pixels byte for byte', async () => {
      const client = createDimseClient(nodeFor(), local);
      const first = await readFile(mrFiles[0]!);
      const sink = memorySink();
      const report = await client.retrieve(
        {
          studyInstanceUid: uidOf(first, 'x0020000d'),
          seriesInstanceUid: uidOf(first, 'x0020000e'),
        },
        sink,
        signal(),
        () => {},
      );
      expect(report).toMatchObject({ received: 12, failed: 0, total: 12 });
      for (const file of mrFiles) {
        const source = await readFile(file);
        const got = sink.files.get(uidOf(source, 'x00080018'));
        expect(got).toBeDefined();
        expect(pixelsOf(got!).equals(pixelsOf(source))).toBe(true);
      }
    });

    it('retrieves a study by C-MOVE into our storage SCP, pixels byte for byte, nothing left in the receive folder', async () => {
      const client = createDimseClient(
        nodeFor({ retrieveWith: 'c-move' }),
        { ...local, receiveEnabled: true },
        { moveReceiver: scp! },
      );
      const first = await readFile(mrFiles[0]!);
      const sink = memorySink();
      const progress: number[] = [];
      const report = await client.retrieve(
        { studyInstanceUid: uidOf(first, 'x0020000d') },
        sink,
        signal(),
        (step) => progress.push(step.received),
      );
      expect(report).toMatchObject({ received: 12, failed: 0, total: 12 });
      expect(progress.at(-1)).toBe(12);
      for (const file of mrFiles) {
        const source = await readFile(file);
        expect(pixelsOf(sink.files.get(uidOf(source, 'x00080018'))!).equals(pixelsOf(source))).toBe(
          true,
        );
      }
      // Routed to the retrieve's sink, not written as an ordinary arrival.
      expect(await readdir(join(dataDir, 'received'))).toEqual([]);
    });

    it('does not write again what the sink already has (resume)', async () => {
      const client = createDimseClient(nodeFor(), local);
      const first = await readFile(mrFiles[0]!);
      const sink = memorySink();
      const had = new Set([
        uidOf(first, 'x00080018'),
        uidOf(await readFile(mrFiles[1]!), 'x00080018'),
      ]);
      const resumed = { ...sink, alreadyHave: had };
      const report = await client.retrieve(
        {
          studyInstanceUid: uidOf(first, 'x0020000d'),
          seriesInstanceUid: uidOf(first, 'x0020000e'),
        },
        resumed,
        signal(),
        () => {},
      );
      expect(report).toMatchObject({ received: 12, failed: 0 });
      expect(sink.files.size).toBe(10);
      for (const uid of had) expect(sink.files.has(uid)).toBe(false);
    });

    it('says receive_disabled for C-MOVE without the storage SCP', async () => {
      const client = createDimseClient(nodeFor({ retrieveWith: 'c-move' }), local);
      const first = await readFile(mrFiles[0]!);
      expect(
        await problemOf(
          client.retrieve(
            { studyInstanceUid: uidOf(first, 'x0020000d') },
            memorySink(),
            signal(),
            () => {},
          ),
        ),
      ).toBe('receive_disabled');
    });

    it('cancels a C-GET when asked', async () => {
      const client = createDimseClient(nodeFor(), local);
      const first = await readFile(mrFiles[0]!);
      const controller = new AbortController();
      const sink = memorySink();
      const accept = sink.accept.bind(sink);
      sink.accept = async (instance) => {
        await accept(instance);
        controller.abort();
      };
      expect(
        await problemOf(
          client.retrieve(
            { studyInstanceUid: uidOf(first, 'x0020000d') },
            sink,
            controller.signal,
            () => {},
          ),
        ),
      ).toBe('cancelled');
      expect(sink.files.size).toBeLessThan(12);
    });
  },
);
