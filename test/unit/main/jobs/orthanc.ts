/**
 * A real Orthanc (Debian's orthanc + orthanc-dicomweb) on a free loopback port with a fresh
 * storage folder, for testing the DICOMweb client against a third-party server; with `dicom`, its
 * DIMSE server too (a PACS for the DIMSE client: known modalities for C-MOVE, optional TLS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
export const orthancAvailable = existsSync(ORTHANC) && existsSync(DICOMWEB_PLUGIN);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface OrthancDicomOptions {
  aeTitle: string;
  /** AE title → [AE title, host, port]: the peers Orthanc knows (C-MOVE destinations, allowed callers). */
  modalities?: Record<string, [string, string, number]>;
  /** PEM files for DICOM TLS; the same CA checks the peers' certificates when `caFile` is set. */
  tls?: { certFile: string; keyFile: string; caFile?: string };
  /** Orthanc's DefaultEncoding, the character set of its C-FIND answers (e.g. Utf8, JapaneseKanji). */
  encoding?: string;
}

export interface Orthanc {
  /** The DICOMweb root. */
  dicomweb: string;
  rest: string;
  /** The DIMSE port, when started with `dicom`. */
  dicomPort?: number;
  close(): Promise<void>;
}

export async function startOrthanc(
  options: { dicom?: OrthancDicomOptions } = {},
): Promise<Orthanc> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-orthanc-'));
  const port = await freePort();
  const dicomPort = options.dicom === undefined ? undefined : await freePort();
  const dicom =
    options.dicom === undefined
      ? { DicomServerEnabled: false }
      : {
          DicomServerEnabled: true,
          DicomAet: options.dicom.aeTitle,
          DicomPort: dicomPort,
          DicomCheckCalledAet: true,
          DefaultEncoding: options.dicom.encoding ?? 'Utf8',
          DicomAlwaysAllowEcho: false,
          DicomAlwaysAllowFind: false,
          DicomAlwaysAllowGet: false,
          DicomAlwaysAllowMove: false,
          DicomAlwaysAllowStore: false,
          DicomCheckModalityHost: false,
          DicomModalities: Object.fromEntries(
            Object.entries(options.dicom.modalities ?? {}).map(([name, [aet, host, peerPort]]) => [
              name,
              {
                AET: aet,
                Host: host,
                Port: peerPort,
                AllowEcho: true,
                AllowFind: true,
                AllowGet: true,
                AllowMove: true,
                AllowStore: true,
              },
            ]),
          ),
          ...(options.dicom.tls === undefined
            ? {}
            : {
                DicomTlsEnabled: true,
                DicomTlsCertificate: options.dicom.tls.certFile,
                DicomTlsPrivateKey: options.dicom.tls.keyFile,
                DicomTlsTrustedCertificates: options.dicom.tls.caFile ?? options.dicom.tls.certFile,
                DicomTlsRemoteCertificateRequired: false,
              }),
        };
  const config = {
    Name: 'MitateTest',
    StorageDirectory: join(folder, 'db'),
    IndexDirectory: join(folder, 'db'),
    HttpPort: port,
    ...dicom,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      Host: `127.0.0.1:${port}`,
      Ssl: false,
    },
  };
  await writeFile(join(folder, 'orthanc.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(ORTHANC, [join(folder, 'orthanc.json')], { stdio: 'ignore' });
  const rest = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 50) {
    try {
      if ((await fetch(`${rest}/system`)).ok) break;
    } catch {
      // not listening yet
    }
    if (waited > 20_000 || child.exitCode !== null) throw new Error('Orthanc did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    dicomweb: `${rest}/dicom-web`,
    rest,
    ...(dicomPort === undefined ? {} : { dicomPort }),
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve),
      );
      await rm(folder, { recursive: true, force: true });
    },
  };
}
