/**
 * DICOM TLS as BCP 195 asks (RFC 9325, PS3.15 B.9): TLS 1.2 or later, forward-secret AEAD cipher
 * suites only, the peer's certificate checked against the chosen authorities (the OS store when
 * none is chosen). Used by the client and the storage SCP alike.
 */
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import type { TlsSettings } from '../../../preload/contract/index.js';
import { PacsError } from '../pacsClient.js';

/** TLS 1.2 suites of the BCP 195 profile; TLS 1.3 suites are all AEAD and kept as OpenSSL has them. */
export const BCP195_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
].join(':');

interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
}

/** Reads the PEM files the settings name; a file that cannot be read is a TLS failure, said as such. */
async function readTlsFiles(settings: TlsSettings, passphrase?: string): Promise<TlsFiles> {
  const read = async (file: string | undefined): Promise<Buffer | undefined> => {
    if (file === undefined || file === '') return undefined;
    try {
      return await readFile(file);
    } catch {
      throw new PacsError('tls_failed', 'a certificate or key file cannot be read');
    }
  };
  const [ca, cert, key] = await Promise.all([
    read(settings.caFile),
    read(settings.certFile),
    read(settings.keyFile),
  ]);
  return {
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(passphrase === undefined ? {} : { passphrase }),
  };
}

const PROFILE = { minVersion: 'TLSv1.2', ciphers: BCP195_CIPHERS, honorCipherOrder: true } as const;

/** Options for `tls.connect`: the server's certificate must chain to `caFile` and name the host. */
export async function tlsClientOptions(
  settings: TlsSettings,
  host: string,
  passphrase?: string,
): Promise<ConnectionOptions> {
  return {
    ...PROFILE,
    ...(await readTlsFiles(settings, passphrase)),
    servername: /^[\d.]+$|:/.test(host) ? undefined : host,
    rejectUnauthorized: true,
  };
}

/** Options for `tls.createServer`: a client certificate is asked for and, with `caFile`, required. */
export async function tlsServerOptions(
  settings: TlsSettings,
  passphrase?: string,
): Promise<TlsOptions> {
  const files = await readTlsFiles(settings, passphrase);
  if (files.cert === undefined || files.key === undefined)
    throw new PacsError('tls_failed', 'the storage SCP needs a certificate and a key for TLS');
  return {
    ...PROFILE,
    ...files,
    requestCert: files.ca !== undefined,
    rejectUnauthorized: files.ca !== undefined,
  };
}
