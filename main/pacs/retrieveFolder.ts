/**
 * Where one retrieve's instances land: `<dataDir>/retrieved/<retrieveId>/`, owner-only, one
 * file per instance named by its SOP Instance UID. Each is written to a temporary and renamed,
 * so a name there never holds a half-written file while the app runs. Flushing every instance to
 * the disk as it comes would halve the download, so the whole folder is flushed once, before it
 * is imported, and marked; a folder found unmarked (the app or the machine stopped mid-retrieve)
 * has every file read once before it is trusted, and damaged ones are fetched again. The library
 * indexes the files where they are: the folder is their home once imported.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDicomUid, readHeader } from '../dicom/index.js';
import { makePrivateFolder, writeFileAtomic } from '../storage/index.js';
import type { InstanceSink } from './pacsClient.js';

const SUFFIX = '.dcm';
/** Written once every file of the folder is on the disk for sure. */
const FLUSHED = '.flushed';
/** Files flushed or checked at once. */
const AT_ONCE = 8;

export const retrievedRoot = (dataDir: string): string => join(dataDir, 'retrieved');

async function eachAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
}

export class RetrieveFolder {
  readonly path: string;

  constructor(dataDir: string, retrieveId: string) {
    this.path = join(retrievedRoot(dataDir), retrieveId);
  }

  private async names(): Promise<string[]> {
    return readdir(this.path).catch(() => [] as string[]);
  }

  /** SOP Instance UIDs on disk (temporaries are not instances). */
  async instances(): Promise<Set<string>> {
    return new Set(
      (await this.names())
        .filter((name) => name.endsWith(SUFFIX))
        .map((name) => name.slice(0, -SUFFIX.length))
        .filter((uid) => isDicomUid(uid)),
    );
  }

  /** A sink writing here, counting what it writes. */
  async sink(onWritten: (bytes: number) => void): Promise<InstanceSink> {
    await makePrivateFolder(this.path);
    const names = await this.names();
    // A write the app did not finish left a temporary: never an instance.
    await Promise.all(
      names
        .filter((name) => name.startsWith('.') && name.endsWith('.tmp'))
        .map((name) => rm(join(this.path, name), { force: true })),
    );
    if (!names.includes(FLUSHED)) await this.dropDamaged();
    await rm(join(this.path, FLUSHED), { force: true });
    const alreadyHave = await this.instances();
    return {
      alreadyHave,
      accept: async ({ sopInstanceUid, bytes }) => {
        // The UID came from the node: only a well-formed one becomes a file name.
        if (!isDicomUid(sopInstanceUid)) throw new Error('malformed SOP Instance UID');
        const target = join(this.path, `${sopInstanceUid}${SUFFIX}`);
        const temporary = join(this.path, `.${randomBytes(6).toString('hex')}.tmp`);
        await writeFile(temporary, bytes, { mode: 0o600 });
        await rename(temporary, target);
        onWritten(bytes.byteLength);
      },
    };
  }

  /** Every instance onto the disk, then the mark that says so. */
  async flush(): Promise<void> {
    const files = (await this.names()).filter((name) => name.endsWith(SUFFIX));
    await eachAtOnce(files, async (name) => {
      const handle = await open(join(this.path, name), 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    await writeFileAtomic(join(this.path, FLUSHED), '');
  }

  /** After a stop before the flush: a file the disk lost part of is deleted, to be fetched again. */
  private async dropDamaged(): Promise<void> {
    const files = (await this.names()).filter((name) => name.endsWith(SUFFIX));
    await eachAtOnce(files, async (name) => {
      const path = join(this.path, name);
      const size = (await stat(path).catch(() => undefined))?.size ?? 0;
      const header = size === 0 ? undefined : await readHeader(path, size).catch(() => undefined);
      if (header?.kind !== 'instance') await rm(path, { force: true });
    });
  }
}
