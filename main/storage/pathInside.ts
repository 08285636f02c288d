/**
 * Every path made from a name that is not our own (a UID a server sent, a file an index names)
 * is made here: resolved against its folder, then checked to stay under it, so no name can reach
 * outside the data folder whatever it holds (`..`, an absolute path, a drive letter).
 */
import { isAbsolute, relative, resolve } from 'node:path';

export class PathOutsideFolderError extends Error {
  constructor() {
    super('a path would leave its folder');
    this.name = 'PathOutsideFolderError';
  }
}

/** `folder/...parts`, resolved; throws PathOutsideFolderError when it is not strictly inside `folder`. */
export function pathInside(folder: string, ...parts: string[]): string {
  const base = resolve(folder);
  const path = resolve(base, ...parts);
  const inside = relative(base, path);
  if (inside === '' || isAbsolute(inside) || inside.split(/[\\/]/)[0] === '..')
    throw new PathOutsideFolderError();
  return path;
}
