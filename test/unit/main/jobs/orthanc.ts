/**
 * A real Orthanc (Debian's orthanc + orthanc-dicomweb) on a free loopback port with a fresh
 * storage folder, for testing the DICOMweb client against a third-party server.
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

export interface Orthanc {
  /** The DICOMweb root. */
  dicomweb: string;
  rest: string;
  close(): Promise<void>;
}

export async function startOrthanc(): Promise<Orthanc> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'MitateTest',
    StorageDirectory: join(folder, 'db'),
    IndexDirectory: join(folder, 'db'),
    HttpPort: port,
    DicomServerEnabled: false,
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
    async close() {
      child.kill('SIGTERM');
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve),
      );
      await rm(folder, { recursive: true, force: true });
    },
  };
}
