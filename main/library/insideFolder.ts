import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';

/**
 * Whether `path`, every link on its way resolved, lies inside `folder` (already a real path).
 * A link, or a DICOMDIR reference through a linked folder, on a medium from anywhere can lead to
 * any file the doctor may read; only what is really inside the chosen folder is imported.
 * A path that cannot be resolved (a dangling link) is not inside.
 */
export async function isInsideFolder(path: string, folder: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return false;
  }
  const prefix = folder.endsWith(sep) ? folder : `${folder}${sep}`;
  return real === folder || real.startsWith(prefix);
}
