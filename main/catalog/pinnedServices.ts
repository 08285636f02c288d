/**
 * "My page": the services a doctor pinned, per user (per platform and subject), in the order
 * pinned. One small JSON file per user under `<dataDir>/catalog/pins/`, named by a hash so the
 * file name says nothing about who it belongs to; written atomically.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import { catalogFolder } from './catalogCache.js';

const PinsFile = z.object({ pinned: z.array(z.string().max(64)).max(500) });

function pinsPath(dataDir: string, platformUrl: string, subject: string): string {
  const name = createHash('sha256')
    .update(`${platformUrl}\n${subject}`)
    .digest('base64url')
    .slice(0, 32);
  return join(catalogFolder(dataDir), 'pins', `${name}.json`);
}

export async function readPins(
  dataDir: string,
  platformUrl: string,
  subject: string,
): Promise<string[]> {
  try {
    const parsed = PinsFile.safeParse(
      JSON.parse(await readFile(pinsPath(dataDir, platformUrl, subject), 'utf8')),
    );
    return parsed.success ? parsed.data.pinned : [];
  } catch {
    return [];
  }
}

export async function setPinned(
  dataDir: string,
  platformUrl: string,
  subject: string,
  serviceId: string,
  pinned: boolean,
): Promise<string[]> {
  const current = await readPins(dataDir, platformUrl, subject);
  const next = pinned
    ? current.includes(serviceId)
      ? current
      : [...current, serviceId]
    : current.filter((id) => id !== serviceId);
  await writeFileAtomic(
    pinsPath(dataDir, platformUrl, subject),
    `${JSON.stringify({ pinned: next })}\n`,
  );
  return next;
}
