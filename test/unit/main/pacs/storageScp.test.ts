// The storage SCP with DCMTK as the modality: storescu stores into it (allowed AE accepted, the
// file in place byte for byte, compressed syntaxes kept as sent), other AE titles and oversized
// instances are refused with nothing left behind, the association cap holds, echoscu is answered.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalAe } from '../../../../preload/contract/index.js';
import {
  findElement,
  parseDicomFile,
  PIXEL_DATA,
  readFileMeta,
} from '../../../../main/dicom/index.js';
import {
  createDimseClient,
  startStorageScp,
  type AssociationSummary,
  type ReceivedInstance,
  type StorageScp,
} from '../../../../main/pacs/index.js';
import { dcmtkAvailable, runDcmtk } from '../../../support/dcmtk.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
const CT = testData('ct-transfer-syntaxes-cornerstone');
const local: LocalAe = {
  aeTitle: 'MITATE',
  port: 11112,
  receiveEnabled: true,
  allowedCallers: ['MODALITY'],
  tls: { enabled: false },
  maxAssociations: 2,
  maxInstanceBytes: 64 * 1024 * 1024,
};

let dataDir = '';
let scp: StorageScp | undefined;
let instances: ReceivedInstance[] = [];
let ended: AssociationSummary[] = [];

async function start(overrides: Partial<LocalAe> = {}): Promise<StorageScp> {
  scp = await startStorageScp(
    { ...local, ...overrides },
    {
      dataDir,
      allowedCallers: overrides.allowedCallers ?? local.allowedCallers,
      host: '127.0.0.1',
      port: 0,
      onInstance: (instance) => instances.push(instance),
      onAssociationEnd: (summary) => ended.push(summary),
    },
  );
  return scp;
}
const storescu = (aet: string, files: string[], extra: string[] = []) =>
  runDcmtk('storescu', [
    ...extra,
    '-aet',
    aet,
    '-aec',
    'MITATE',
    '127.0.0.1',
    String(scp!.port),
    ...files,
  ]);
const body = (bytes: Buffer): Buffer => bytes.subarray(readFileMeta(bytes).bodyStart);
const pixelElement = (bytes: Buffer): Buffer => {
  const element = findElement(parseDicomFile(bytes).body, PIXEL_DATA)!;
  // The values (fragments when encapsulated): a sender may rewrite the header's VR (OW → OB).
  const ranges = element.fragments ?? [{ start: element.valueStart, end: element.end }];
  return Buffer.concat(ranges.map(({ start, end }) => element.bytes.subarray(start, end)));
};
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
/** The association-end report arrives when the SCP has seen the connection close. */
async function associationsEnded(count: number): Promise<void> {
  while (ended.length < count) await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mitate-scp-'));
  instances = [];
  ended = [];
});
afterEach(async () => {
  await scp?.stop();
  scp = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!dcmtkAvailable)(
  `storage SCP with DCMTK${dcmtkAvailable ? '' : ' (skipped: Debian dcmtk is not installed)'}`,
  () => {
    it('stays closed unless receiving is on', async () => {
      await expect(start({ receiveEnabled: false })).rejects.toMatchObject({
        problem: 'receive_disabled',
      });
    });

    it('takes a series from an allowed AE, each file owner-only and byte for byte', async () => {
      await start();
      const files = (await readdir(MR))
        .sort()
        .slice(0, 8)
        .map((name) => join(MR, name));
      const stored = await storescu('MODALITY', files);
      expect(stored.code).toBe(0);
      await associationsEnded(1);
      expect(instances.length).toBe(8);
      expect(ended[0]).toMatchObject({
        callingAeTitle: 'MODALITY',
        instances: 8,
        failed: 0,
        interrupted: false,
      });
      const sources = new Map(
        await Promise.all(files.map(async (file) => [await readFile(file), file] as const)),
      );
      for (const instance of instances) {
        const got = await readFile(instance.path);
        const source = [...sources.keys()].find((bytes) => body(bytes).equals(body(got)));
        expect(source).toBeDefined();
        expect((await stat(instance.path)).mode & 0o777).toBe(0o600);
      }
      expect((await stat(ended[0]!.folder!)).mode & 0o777).toBe(0o700);
      expect((await filesUnder(dataDir)).length).toBe(8);
    });

    it('keeps compressed and deflated instances in the syntax they were sent in', async () => {
      await start();
      // storescu proposes a compressed syntax only when told which (and then also the uncompressed ones).
      const cases: [string, string][] = [
        ['CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm', '-xv'],
        ['CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm', '-xt'],
        ['CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm', '-xr'],
        ['CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm', '-xy'],
        [
          'CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm',
          '-xd',
        ],
      ];
      for (const [index, [name, flag]] of cases.entries()) {
        const source = await readFile(join(CT, name));
        expect((await storescu('MODALITY', [join(CT, name)], [flag])).code).toBe(0);
        await associationsEnded(index + 1);
        const got = await readFile(instances[index]!.path);
        const syntax = readFileMeta(source).transferSyntaxUid;
        expect(readFileMeta(got).transferSyntaxUid).toBe(syntax);
        // DCMTK re-encodes the rest of the data set as it sends (group lengths, padding), so the
        // pixel data element is what must come through untouched.
        expect(pixelElement(got).equals(pixelElement(source))).toBe(true);
      }
    });

    it('keeps the first of two instances with one UID on an association', async () => {
      await start();
      const file = join(
        CT,
        'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm',
      );
      expect((await storescu('MODALITY', [file, file])).code).toBe(0);
      await associationsEnded(1);
      expect(ended[0]).toMatchObject({ instances: 1, duplicates: 1 });
      expect((await filesUnder(dataDir)).length).toBe(1);
    });

    it('refuses a calling AE that is not allowed and a wrong called AE, writing nothing', async () => {
      await start();
      const file = join(MR, (await readdir(MR)).sort()[0]!);
      const refused = await storescu('INTRUDER', [file]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/Calling AE Title Not Recognized/i);
      const wrongCalled = await runDcmtk('echoscu', [
        '-aet',
        'MODALITY',
        '-aec',
        'SOMEONE',
        '127.0.0.1',
        String(scp!.port),
      ]);
      expect(wrongCalled.code).not.toBe(0);
      expect(await filesUnder(dataDir)).toEqual([]);
      expect(
        (
          await runDcmtk('echoscu', [
            '-aet',
            'MODALITY',
            '-aec',
            'MITATE',
            '127.0.0.1',
            String(scp!.port),
          ])
        ).code,
      ).toBe(0);
    });

    it('drops an instance past the size bound and leaves no partial file', async () => {
      await start({ maxInstanceBytes: 4096 });
      const file = join(MR, (await readdir(MR)).sort()[0]!);
      expect((await storescu('MODALITY', [file])).code).not.toBe(0);
      await associationsEnded(1);
      expect(ended[0]).toMatchObject({ instances: 0, interrupted: true });
      expect(await filesUnder(dataDir)).toEqual([]);
      expect(
        (
          await runDcmtk('echoscu', [
            '-aet',
            'MODALITY',
            '-aec',
            'MITATE',
            '127.0.0.1',
            String(scp!.port),
          ])
        ).code,
      ).toBe(0);
    });

    it('caps concurrent associations', async () => {
      await start({ maxAssociations: 1, allowedCallers: ['MODALITY', 'MITATE'] });
      // Our own client holds one association open: a C-FIND to an SCP that offers no C-FIND is
      // refused at the context, so hold it with the association class directly.
      const { ClientAssociation } = await import(
        '../../../../main/pacs/dimse/clientAssociation.js'
      );
      const held = await ClientAssociation.open(
        { host: '127.0.0.1', port: scp!.port, callingAeTitle: 'MITATE', calledAeTitle: 'MITATE' },
        [{ abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }],
        { connectMs: 5000, associationMs: 5000, responseMs: 5000 },
      );
      const second = await runDcmtk('echoscu', [
        '-aet',
        'MODALITY',
        '-aec',
        'MITATE',
        '127.0.0.1',
        String(scp!.port),
      ]);
      expect(second.code).not.toBe(0);
      expect(second.output).toMatch(/Local Limit Exceeded/i);
      await held.release();
      await associationsEnded(1);
      const client = createDimseClient(
        {
          kind: 'dimse',
          id: 'self',
          label: 'self',
          aeTitle: 'MITATE',
          host: '127.0.0.1',
          port: scp!.port,
          tls: { enabled: false },
          retrieveWith: 'c-get',
        },
        local,
      );
      expect(await client.echo(new AbortController().signal)).toBeGreaterThanOrEqual(0);
    });
  },
);
