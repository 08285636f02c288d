/**
 * Which catalog signing keys we trust.
 *
 * - A managed policy's `pinnedCatalogKeys` (RFC 7638 thumbprints) is the rule for real
 *   deployments: only those keys, whatever the platform's JWKS says.
 * - Demo mode, and only demo mode: no pins in policy, and the platform is the embedded reference
 *   platform that `npm start` runs on this machine's loopback. Its keys are made on its first
 *   start and cannot be known in advance, so we trust on first use: the first key seen is pinned
 *   in `<dataDir>/catalog/trusted-keys.json`, and from then on a catalog signed by any other key
 *   is refused. Why this is acceptable there: the platform is a process of this same user on
 *   127.0.0.1 and the first fetch never leaves the machine; anyone who could answer it instead
 *   could already change this user's files.
 * - Otherwise (a remote platform without pins) nothing is trusted and every catalog is refused
 *   with a visible alert: a remote catalog must be pinned by IT.
 */
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import { catalogFolder } from './catalogCache.js';

const TrustedKeysFile = z.object({
  thumbprints: z.array(z.string().regex(/^[A-Za-z0-9_-]{43}$/)).max(16),
});

function isLoopbackAddress(address: string): boolean {
  return isIP(address) === 4 ? address.startsWith('127.') : address === '::1';
}

/**
 * 127.0.0.1, [::1], or `localhost` when every address it resolves to here is loopback (the
 * embedded platform is named localhost for WebAuthn, which refuses IP addresses).
 */
export async function isLoopbackPlatform(platformUrl: string): Promise<boolean> {
  let hostname: string;
  try {
    hostname = new URL(platformUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (isIP(hostname) !== 0) return isLoopbackAddress(hostname);
  if (hostname !== 'localhost') return false;
  try {
    const addresses = await lookup(hostname, { all: true });
    return addresses.length > 0 && addresses.every((entry) => isLoopbackAddress(entry.address));
  } catch {
    return false;
  }
}

export type TrustMode =
  | { kind: 'pinned'; thumbprints: string[] }
  | { kind: 'first-use' }
  | { kind: 'none' };

export async function trustModeOf(options: {
  pinned: string[] | undefined;
  platformUrl: string;
  embedded: boolean;
}): Promise<TrustMode> {
  if (options.pinned !== undefined && options.pinned.length > 0)
    return { kind: 'pinned', thumbprints: options.pinned };
  if (options.embedded && (await isLoopbackPlatform(options.platformUrl)))
    return { kind: 'first-use' };
  return { kind: 'none' };
}

function trustedKeysPath(dataDir: string): string {
  return join(catalogFolder(dataDir), 'trusted-keys.json');
}

export async function readFirstUseKeys(dataDir: string): Promise<string[] | undefined> {
  try {
    const parsed = TrustedKeysFile.safeParse(
      JSON.parse(await readFile(trustedKeysPath(dataDir), 'utf8')),
    );
    return parsed.success ? parsed.data.thumbprints : undefined;
  } catch {
    return undefined;
  }
}

export function writeFirstUseKeys(dataDir: string, thumbprints: string[]): Promise<void> {
  return writeFileAtomic(trustedKeysPath(dataDir), `${JSON.stringify({ thumbprints })}\n`);
}
