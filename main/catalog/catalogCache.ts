/**
 * The last good catalog on disk, for offline use: the JWS exactly as received (so it is
 * verified again when read back; an edited file is refused like a tampered download), its ETag
 * for revalidation, when the platform last confirmed it, and the public key that signed it.
 * Written atomically (temp file + rename).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';

const CachedCatalog = z.object({
  platformUrl: z.string(),
  jws: z.string().max(4 * 1024 * 1024),
  etag: z.string().max(512).nullable(),
  syncedAt: z.string(),
  key: z.record(z.string(), z.unknown()),
});
export interface CachedCatalog {
  platformUrl: string;
  jws: string;
  etag: string | null;
  syncedAt: string;
  key: JWK;
}

export function catalogFolder(dataDir: string): string {
  return join(dataDir, 'catalog');
}

export function catalogCachePath(dataDir: string): string {
  return join(catalogFolder(dataDir), 'catalog.json');
}

export async function readCachedCatalog(dataDir: string): Promise<CachedCatalog | undefined> {
  try {
    const parsed = CachedCatalog.safeParse(
      JSON.parse(await readFile(catalogCachePath(dataDir), 'utf8')),
    );
    return parsed.success ? (parsed.data as CachedCatalog) : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedCatalog(dataDir: string, cached: CachedCatalog): Promise<void> {
  return writeFileAtomic(catalogCachePath(dataDir), `${JSON.stringify(cached)}\n`);
}
