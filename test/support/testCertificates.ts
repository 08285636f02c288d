/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made by
 * openssl for DICOM TLS tests (nothing is kept: the folder is the caller's temporary one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const opensslAvailable = existsSync('/usr/bin/openssl');

export interface TestCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const openssl = (args: string[]): void => {
  execFileSync('/usr/bin/openssl', args, { stdio: 'ignore' });
};

/** Makes `<name>-ca.pem`, `<name>-server.pem` and `<name>-server.key` in `folder`. */
export async function makeTestCertificates(
  folder: string,
  name = 'test',
): Promise<TestCertificates> {
  const file = (suffix: string): string => join(folder, `${name}-${suffix}`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    `/CN=Mitate ${name} CA`,
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  await writeFile(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl([
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    '2',
    '-extfile',
    file('ext.cnf'),
  ]);
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}
