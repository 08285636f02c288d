/**
 * Writing one output file: atomically (temporary name, then rename) and in one gathered write of
 * the encoder's chunks.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Temporary names: random per process (two processes writing the same output never share one),
 * then a counter, so no random bytes are drawn per file.
 */
const TEMPORARY_PREFIX = randomBytes(6).toString('hex');
let temporaryCounter = 0;

/**
 * Temp file + rename, so no reader ever sees half a file. Unlike settings and the vault, outputs
 * are not fsynced one by one: the same input always gives the same bytes under the same name, so
 * after a crash the run is simply repeated, and a flush per file would halve the throughput.
 * The encoder's chunks go out in one gathered write: joining them first copied every file once
 * more. Returns the number of bytes written.
 */
export async function writeOutput(
  path: string,
  chunks: readonly Uint8Array[],
  createdFolders: Set<string>,
): Promise<number> {
  const folder = dirname(path);
  if (!createdFolders.has(folder)) {
    // Owner-only, like every folder of the data folder (staging holds patient images).
    await mkdir(folder, { recursive: true, mode: 0o700 });
    createdFolders.add(folder);
  }
  const temporary = `${path}.${TEMPORARY_PREFIX}${(temporaryCounter++).toString(36)}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    let total = 0;
    try {
      total = await writeAll(handle, chunks);
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return total;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** writev may write less than asked (POSIX allows it; a nearly full disk does it): the rest is written until none is left. */
async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<number> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  // At most IOV_MAX (1024 on Linux) buffers per call.
  let pending = chunks.length > 1024 ? [Buffer.concat(chunks)] : chunks;
  let left = total;
  while (left > 0) {
    const { bytesWritten } = await handle.writev(pending as Uint8Array[]);
    if (bytesWritten === 0) throw new Error('no progress writing an output');
    left -= bytesWritten;
    if (left > 0) pending = [Buffer.concat(pending).subarray(bytesWritten)];
  }
  return total;
}
