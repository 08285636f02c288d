// DICOM TLS (BCP 195) with certificates made by openssl: our client and our storage SCP, DCMTK's
// echoscu against our SCP, our client against Orthanc's TLS port, and a certificate from an
// authority we do not trust said as tls_failed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DimseNode, LocalAe } from '../../../../preload/contract/index.js';
import {
  createDimseClient,
  PacsError,
  startStorageScp,
  type StorageScp,
} from '../../../../main/pacs/index.js';
import { dcmtkAvailable, runDcmtk } from '../../../support/dcmtk.js';
import {
  makeTestCertificates,
  opensslAvailable,
  type TestCertificates,
} from '../../../support/testCertificates.js';
import { orthancAvailable, startOrthanc, type Orthanc } from '../jobs/orthanc.js';

let folder = '';
let trusted: TestCertificates;
let stranger: TestCertificates;
let scp: StorageScp | undefined;
let orthanc: Orthanc | undefined;

const local: LocalAe = {
  aeTitle: 'MITATE',
  port: 11112,
  receiveEnabled: true,
  allowedCallers: ['MITATE', 'ECHOSCU'],
  tls: { enabled: false },
  maxAssociations: 4,
  maxInstanceBytes: 1024 * 1024,
};
const node = (port: number, aeTitle: string, caFile: string): DimseNode => ({
  kind: 'dimse',
  id: 'tls',
  label: 'TLS',
  aeTitle,
  host: '127.0.0.1',
  port,
  tls: { enabled: true, caFile },
  retrieveWith: 'c-get',
});
const problemOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => (error instanceof PacsError ? error.problem : String(error)),
  );

beforeAll(async () => {
  if (!opensslAvailable) return;
  folder = await mkdtemp(join(tmpdir(), 'mitate-tls-'));
  trusted = await makeTestCertificates(folder, 'trusted');
  stranger = await makeTestCertificates(folder, 'stranger');
  scp = await startStorageScp(
    { ...local, tls: { enabled: true, certFile: trusted.certFile, keyFile: trusted.keyFile } },
    { dataDir: folder, allowedCallers: local.allowedCallers, host: '127.0.0.1', port: 0 },
  );
}, 60_000);
afterAll(async () => {
  await scp?.stop();
  await orthanc?.close();
  if (folder !== '') await rm(folder, { recursive: true, force: true });
});

describe.skipIf(!opensslAvailable)(
  `DICOM TLS${opensslAvailable ? '' : ' (skipped: openssl is not installed)'}`,
  () => {
    it('echoes over TLS between our client and our SCP, and refuses an untrusted certificate', async () => {
      const ok = createDimseClient(node(scp!.port, 'MITATE', trusted.caFile), local);
      expect(await ok.echo(new AbortController().signal)).toBeGreaterThanOrEqual(0);
      const untrusting = createDimseClient(node(scp!.port, 'MITATE', stranger.caFile), local);
      expect(await problemOf(untrusting.echo(new AbortController().signal))).toBe('tls_failed');
      // A plain client at the TLS port is dropped at once (no hang until a timeout).
      const plain = createDimseClient(
        { ...node(scp!.port, 'MITATE', trusted.caFile), tls: { enabled: false } },
        local,
        {
          timeouts: { connectMs: 60_000, associationMs: 60_000, responseMs: 60_000 },
        },
      );
      expect(['unreachable', 'protocol_error']).toContain(
        await problemOf(plain.echo(new AbortController().signal)),
      );
      expect(await ok.echo(new AbortController().signal)).toBeGreaterThanOrEqual(0);
    });

    it.skipIf(!dcmtkAvailable)(
      'answers DCMTK echoscu over TLS with the BCP 195 profile',
      async () => {
        const echo = await runDcmtk('echoscu', [
          '+tls',
          trusted.keyFile,
          trusted.certFile,
          '+cf',
          trusted.caFile,
          '+px',
          '-aet',
          'ECHOSCU',
          '-aec',
          'MITATE',
          '127.0.0.1',
          String(scp!.port),
        ]);
        expect(echo.output).toBe('');
        expect(echo.code).toBe(0);
      },
    );

    it.skipIf(!orthancAvailable)(
      'echoes Orthanc over DICOM TLS',
      async () => {
        orthanc = await startOrthanc({
          dicom: {
            aeTitle: 'ORTHANC',
            modalities: { mitate: ['MITATE', '127.0.0.1', 104] },
            tls: { certFile: trusted.certFile, keyFile: trusted.keyFile, caFile: trusted.caFile },
          },
        });
        const client = createDimseClient(
          node(orthanc.dicomPort!, 'ORTHANC', trusted.caFile),
          local,
        );
        expect(await client.echo(new AbortController().signal)).toBeGreaterThanOrEqual(0);
      },
      60_000,
    );
  },
);
