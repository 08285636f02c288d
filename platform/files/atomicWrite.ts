import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomicLibrary from 'write-file-atomic';

/**
 * Writes a file so that a crash leaves either the old or the new content, never a mix
 * (write-file-atomic: a temporary file in the same folder, flushed, then renamed over the
 * target). The folder is made first, and the file is readable by its owner only: keys, accounts
 * and sessions go through here.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const bytes = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await writeFileAtomicLibrary(target, bytes, { mode: 0o600 });
}
