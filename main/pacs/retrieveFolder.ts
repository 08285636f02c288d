/**
 * Where one retrieve's instances land: `<dataDir>/retrieved/<retrieveId>/`, owner-only, one
 * file per instance named by its SOP Instance UID, each written atomically, so a file there is
 * always a whole instance and the names say what a resumed retrieve already has. The library
 * indexes the files where they are: the folder is their home once imported.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDicomUid } from '../dicom/index.js';
import { makePrivateFolder, writeFileAtomic } from '../storage/index.js';
import type { InstanceSink } from './pacsClient.js';

const SUFFIX = '.dcm';

export const retrievedRoot = (dataDir: string): string => join(dataDir, 'retrieved');

export class RetrieveFolder {
  readonly path: string;

  constructor(dataDir: string, retrieveId: string) {
    this.path = join(retrievedRoot(dataDir), retrieveId);
  }

  /** SOP Instance UIDs on disk (half-written temporaries are not instances). */
  async instances(): Promise<Set<string>> {
    const names = await readdir(this.path).catch(() => [] as string[]);
    return new Set(
      names
        .filter((name) => name.endsWith(SUFFIX))
        .map((name) => name.slice(0, -SUFFIX.length))
        .filter((uid) => isDicomUid(uid)),
    );
  }

  /** A sink writing here, counting what it writes. */
  async sink(onWritten: (bytes: number) => void): Promise<InstanceSink> {
    await makePrivateFolder(this.path);
    // A write the app did not finish (it was stopped) left a temporary: never an instance.
    const names = await readdir(this.path);
    await Promise.all(
      names
        .filter((name) => name.startsWith('.') && name.endsWith('.tmp'))
        .map((name) => rm(join(this.path, name), { force: true })),
    );
    const alreadyHave = await this.instances();
    return {
      alreadyHave,
      accept: async ({ sopInstanceUid, bytes }) => {
        // The UID came from the node: only a well-formed one becomes a file name.
        if (!isDicomUid(sopInstanceUid)) throw new Error('malformed SOP Instance UID');
        await writeFileAtomic(join(this.path, `${sopInstanceUid}${SUFFIX}`), bytes);
        onWritten(bytes.byteLength);
      },
    };
  }
}
