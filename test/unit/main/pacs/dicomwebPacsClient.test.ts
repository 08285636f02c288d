// The PACS client over DICOMweb against a real Orthanc with its DICOMweb plugin: the study and
// series found by QIDO-RS with paging, the study retrieved by WADO-RS instance by instance into
// a sink byte for byte, a resume that asks only for what is missing, and the echo's problems.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomwebClient } from '../../../../main/dicomweb/index.js';
import { createDicomwebPacsClient } from '../../../../main/pacs/dicomweb/dicomwebPacsClient.js';
import type { PacsError } from '../../../../main/pacs/index.js';
import type { RemoteStudy } from '../../../../preload/contract/index.js';
import { testData } from '../../../support/paths.js';
import { freePort, orthancAvailable, startOrthanc, type Orthanc } from '../jobs/orthanc.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const CT = testData('ct-head-ge-gantry-tilt-subset');
let orthanc: Orthanc | undefined;
let mr: Buffer[] = [];
let ct: Buffer[] = [];
const uidOf = (bytes: Uint8Array, key: string): string =>
  dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string(key)!.trim();
const read = async (folder: string, count: number): Promise<Buffer[]> => {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.dcm')).sort();
  return Promise.all(names.slice(0, count).map((name) => readFile(join(folder, name))));
};

const node = (baseUrl: string) =>
  ({ kind: 'dicomweb', id: 'orthanc', label: 'Orthanc', baseUrl, auth: 'none' }) as const;

beforeAll(async () => {
  if (!orthancAvailable) return;
  orthanc = await startOrthanc();
  mr = await read(MR, 10);
  ct = await read(CT, 4);
  const http = new DicomwebClient({ baseUrl: orthanc.dicomweb });
  await http.store(mr);
  await http.store(ct);
});
afterAll(async () => orthanc?.close());

describe.skipIf(!orthancAvailable)(
  `PACS client over DICOMweb against Orthanc${orthancAvailable ? '' : ' (skipped: Debian orthanc + orthanc-dicomweb are not installed)'}`,
  () => {
    it('answers the echo with a round trip', async () => {
      const client = createDicomwebPacsClient(node(orthanc!.dicomweb), {
        secret: async () => undefined,
      });
      expect(await client.echo(AbortSignal.timeout(10_000))).toBeGreaterThanOrEqual(0);
    });

    it('finds both studies in pages of one, and one study by its modality', async () => {
      const client = createDicomwebPacsClient(node(orthanc!.dicomweb), {
        secret: async () => undefined,
        pageSize: 1,
      });
      const batches: RemoteStudy[][] = [];
      await client.findStudies({}, AbortSignal.timeout(10_000), (batch) => batches.push(batch));
      expect(batches.length).toBe(2);
      const uids = batches.flat().map((study) => study.studyInstanceUid);
      expect(new Set(uids)).toEqual(
        new Set([uidOf(mr[0]!, 'x0020000d'), uidOf(ct[0]!, 'x0020000d')]),
      );
      const found: RemoteStudy[] = [];
      await client.findStudies({ modality: 'CT' }, AbortSignal.timeout(10_000), (batch) =>
        found.push(...batch),
      );
      expect(found.map((study) => study.studyInstanceUid)).toEqual([uidOf(ct[0]!, 'x0020000d')]);
      expect(found[0]!.modalities).toEqual(['CT']);
      expect(found[0]!.instanceCount).toBe(4);
    });

    it('lists the series of a study', async () => {
      const client = createDicomwebPacsClient(node(orthanc!.dicomweb), {
        secret: async () => undefined,
      });
      const series = await client.findSeries(
        uidOf(mr[0]!, 'x0020000d'),
        AbortSignal.timeout(10_000),
      );
      expect(series.map((one) => one.seriesInstanceUid)).toEqual([uidOf(mr[0]!, 'x0020000e')]);
      expect(series[0]!.modality).toBe('MR');
      expect(series[0]!.instanceCount).toBe(10);
    });

    it('retrieves a study into the sink byte for byte, and on resume asks only for what is missing', async () => {
      const client = createDicomwebPacsClient(node(orthanc!.dicomweb), {
        secret: async () => undefined,
      });
      const written = new Map<string, Uint8Array>();
      const sink = {
        alreadyHave: new Set<string>(),
        accept: async (one: { sopInstanceUid: string; bytes: Uint8Array }) =>
          void written.set(one.sopInstanceUid, one.bytes),
      };
      const study = uidOf(mr[0]!, 'x0020000d');
      const report = await client.retrieve(
        { studyInstanceUid: study },
        sink,
        AbortSignal.timeout(30_000),
        () => undefined,
      );
      expect(report).toMatchObject({ received: 10, failed: 0, total: 10 });
      for (const bytes of mr)
        expect(Buffer.from(written.get(uidOf(bytes, 'x00080018'))!).equals(bytes)).toBe(true);

      const kept = new Set([...written.keys()].slice(0, 7));
      const again = new Map<string, Uint8Array>();
      const resumed = await client.retrieve(
        { studyInstanceUid: study },
        { alreadyHave: kept, accept: async (one) => void again.set(one.sopInstanceUid, one.bytes) },
        AbortSignal.timeout(30_000),
        () => undefined,
      );
      expect(resumed).toMatchObject({ received: 3, failed: 0, total: 10 });
      expect([...again.keys()].some((uid) => kept.has(uid))).toBe(false);
    });

    it('says not_found for a study the node does not hold, and refused for a port nobody listens on', async () => {
      const client = createDicomwebPacsClient(node(orthanc!.dicomweb), {
        secret: async () => undefined,
      });
      const sink = { alreadyHave: new Set<string>(), accept: async () => undefined };
      await expect(
        client.retrieve(
          { studyInstanceUid: '1.2.3.4.5' },
          sink,
          AbortSignal.timeout(10_000),
          () => undefined,
        ),
      ).rejects.toMatchObject({ problem: 'not_found' } satisfies Partial<PacsError>);
      const dead = createDicomwebPacsClient(
        node(`http://127.0.0.1:${await freePort()}/dicom-web`),
        {
          secret: async () => undefined,
        },
      );
      await expect(dead.echo(AbortSignal.timeout(10_000))).rejects.toMatchObject({
        problem: 'refused',
      });
    });

    it('says secret_missing when a bearer node has no token in the keychain', async () => {
      const client = createDicomwebPacsClient(
        { ...node(orthanc!.dicomweb), auth: 'bearer' },
        { secret: async () => undefined },
      );
      await expect(client.echo(AbortSignal.timeout(10_000))).rejects.toMatchObject({
        problem: 'secret_missing',
      });
    });
  },
);
