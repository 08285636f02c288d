import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HandlerError } from '../errors/index.js';

export interface ListedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Lists the regular files under each path (a file or a folder, walked recursively).
 * Symbolic links are not followed: a link can point outside what the doctor chose, or loop.
 */
export async function listFiles(
  paths: readonly string[],
  signal: AbortSignal,
): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = await lstat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new HandlerError(
        code === 'EACCES' || code === 'EPERM' ? 'permission_denied' : 'path_not_found',
        code,
      );
    }
    if (stats.isFile()) files.push({ path, size: stats.size, mtimeMs: stats.mtimeMs });
    else if (stats.isDirectory()) await walk(path, files, signal);
  }
  return files;
}

async function walk(folder: string, files: ListedFile[], signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HandlerError('permission_denied', code);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stats = await Promise.all(
    entries.map(async (entry) => (entry.isFile() ? lstat(join(folder, entry.name)) : undefined)),
  );
  for (const [index, entry] of entries.entries()) {
    const path = join(folder, entry.name);
    const fileStats = stats[index];
    if (entry.isFile() && fileStats !== undefined)
      files.push({ path, size: fileStats.size, mtimeMs: fileStats.mtimeMs });
    else if (entry.isDirectory()) await walk(path, files, signal);
  }
}
