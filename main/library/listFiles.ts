import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RefusedEntry } from '../../preload/contract/index.js';
import { HandlerError } from '../errors/index.js';
import { isInsideFolder } from './insideFolder.js';

export interface ListedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A listed file and the real path of the folder it was found in the doctor's choice of. */
export interface RootedFile extends ListedFile {
  /** The chosen folder (or a chosen file's folder), links resolved: nothing outside is read. */
  root: string;
}

/**
 * Lists the regular files under each path (a file or a folder, walked recursively).
 * A path the doctor chose is followed even when it is a link (a mounted medium often is).
 * Links inside it are not followed: a link can point outside what the doctor chose, or loop.
 * Those that lead outside are reported as refused; those that stay inside name files the walk
 * finds anyway.
 */
export async function listFiles(
  paths: readonly string[],
  signal: AbortSignal,
  onRefused: (entry: RefusedEntry) => void = () => {},
): Promise<RootedFile[]> {
  const files: RootedFile[] = [];
  for (const path of paths) {
    let stats;
    let real;
    try {
      real = await realpath(path);
      stats = await stat(real);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new HandlerError(
        code === 'EACCES' || code === 'EPERM' ? 'permission_denied' : 'path_not_found',
        code,
      );
    }
    if (stats.isFile())
      files.push({ path, size: stats.size, mtimeMs: stats.mtimeMs, root: dirname(real) });
    else if (stats.isDirectory()) await walk(path, real, files, signal, onRefused);
  }
  return files;
}

async function walk(
  folder: string,
  root: string,
  files: RootedFile[],
  signal: AbortSignal,
  onRefused: (entry: RefusedEntry) => void,
): Promise<void> {
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
      files.push({ path, size: fileStats.size, mtimeMs: fileStats.mtimeMs, root });
    else if (entry.isDirectory()) await walk(path, root, files, signal, onRefused);
    else if (entry.isSymbolicLink() && !(await isInsideFolder(path, root)))
      onRefused({ name: basename(path).slice(0, 200), reason: 'outside-folder' });
  }
}
