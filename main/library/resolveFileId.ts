import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListedFile } from './listFiles.js';

/**
 * Finds the file a DICOMDIR File ID names, relative to the DICOMDIR's folder.
 *
 * PS3.10 §8.2 allows only upper-case letters, digits and "_" in a component, but media copied
 * to or from other file systems often change case ("im00001" for "IM00001"), so a component
 * that is not found as written is matched ignoring case. A component that could leave the
 * medium ("..", ".", a path separator) is never followed.
 */
export class FileIdResolver {
  private readonly listings = new Map<string, Promise<string[]>>();

  async resolve(base: string, components: readonly string[]): Promise<ListedFile | undefined> {
    if (
      components.some(
        (component) => component === '..' || component === '.' || /[/\\\0]/.test(component),
      )
    )
      return undefined;
    let path = base;
    for (const component of components) {
      const exact = join(path, component);
      const names = await this.list(path);
      if (names.includes(component)) {
        path = exact;
        continue;
      }
      const folded = names.find((name) => name.toUpperCase() === component.toUpperCase());
      if (folded === undefined) return undefined;
      path = join(path, folded);
    }
    try {
      const stats = await lstat(path);
      return stats.isFile() ? { path, size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  private list(folder: string): Promise<string[]> {
    let listing = this.listings.get(folder);
    if (listing === undefined) {
      listing = readdir(folder).catch(() => []);
      this.listings.set(folder, listing);
    }
    return listing;
  }
}
