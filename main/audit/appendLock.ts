/**
 * A lock file next to the audit log, so that the app and `npx mitate audit …` (or a second app
 * instance) never write two entries that both claim to follow the same line. Created with
 * O_EXCL; a lock older than STALE_MS was left by a crashed process and is taken over.
 */
import { open, rm, stat } from 'node:fs/promises';

const STALE_MS = 10_000;
const RETRY_MS = 5;
const GIVE_UP_MS = 15_000;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withAppendLock<T>(target: string, work: () => Promise<T>): Promise<T> {
  const lock = `${target}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_MS) await rm(lock, { force: true });
      else if (Date.now() - started > GIVE_UP_MS)
        throw new Error('audit log is locked by another process');
      else await pause(RETRY_MS);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
