/**
 * Owner-only folders for the data folder (MHLW guideline: access control; another account on the
 * same machine must not read patient data): folders 0700, files 0600. On Windows the modes are
 * ignored and the profile folder's ACLs apply.
 */
import { access, chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PRIVATE_FOLDER_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;
/** Written once the walk below has covered the whole tree; later starts need only the root. */
const WALKED_MARKER = '.owner-only';

/** The one way to make a folder for patient data: 0700, with any missing parents 0700 too. */
export async function makePrivateFolder(folder: string): Promise<void> {
  // mkdir's mode applies to each folder it creates; the umask only ever removes group/other bits.
  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Brings a tree made by an older version (folders 0755, some files 0644) to owner-only. The root
 * first: once it is 0700 nothing beneath is reachable by another account, whatever the walk
 * still has to do. Symbolic links are left alone (chmod would follow them out of the tree).
 * The walk is done once per data folder (a marker records it): everything written since is
 * created owner-only, so walking a large library again at every start would change nothing.
 */
export async function makeTreePrivate(root: string): Promise<void> {
  await chmod(root, PRIVATE_FOLDER_MODE);
  const marker = join(root, WALKED_MARKER);
  if (
    await access(marker).then(
      () => true,
      () => false,
    )
  )
    return;
  const pending = [root];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await chmod(path, PRIVATE_FOLDER_MODE).catch(() => undefined);
        pending.push(path);
      } else if (entry.isFile()) {
        await chmod(path, PRIVATE_FILE_MODE).catch(() => undefined);
      }
    }
  }
  await writeFile(marker, '', { mode: PRIVATE_FILE_MODE });
}
