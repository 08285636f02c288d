/**
 * One instance arriving at the storage SCP, streamed to disk as it comes (memory stays flat
 * whatever its size) and made visible only when complete: a temporary file, owner-only, flushed
 * to disk, then renamed to its final name (the same steps as writeFileAtomic, but streamed). An
 * association that drops or a file past the size bound leaves nothing behind.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';

export class ReceivedFile extends Writable {
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle> | undefined;
  private readonly temporary: string;
  size = 0;
  /** Set when the instance cannot be kept (too large, disk error); the rest is discarded. */
  failed: 'too-large' | 'write-error' | undefined;

  constructor(
    private readonly folder: string,
    private readonly fileName: string,
    private readonly header: Buffer,
    private readonly limit: number,
    private readonly onTooLarge: () => void,
    /** Creates the association's folder (once per association, not per instance). */
    private readonly folderReady: () => Promise<void>,
  ) {
    super({ highWaterMark: 4 * 1024 * 1024 });
    this.temporary = join(folder, `.${fileName}.${process.pid}.${Date.now()}.part`);
  }

  private async fileHandle(): Promise<FileHandle> {
    this.opening ??= this.folderReady().then(async () => {
      const handle = await open(this.temporary, 'wx', 0o600);
      this.handle = handle;
      await handle.write(this.header);
      return handle;
    });
    return this.opening;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    // Never an error on this stream: the library does not listen for one, and it would end the process.
    if (this.failed !== undefined) return done();
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.failed = 'too-large';
      this.onTooLarge();
      return done();
    }
    this.fileHandle()
      .then((handle) => handle.write(chunk))
      .catch(() => {
        this.failed ??= 'write-error';
      })
      .finally(done);
  }

  override _final(done: () => void): void {
    done();
  }

  /** Flushes and renames into place; resolves with the final path, or undefined if the instance was not kept. */
  async commit(): Promise<string | undefined> {
    if (this.failed !== undefined) {
      await this.discard();
      return undefined;
    }
    try {
      const handle = await this.fileHandle();
      // Data flushed before the success answer: the sender may delete its copy once we say so.
      await handle.datasync();
      await handle.close();
      this.handle = undefined;
      const path = join(this.folder, this.fileName);
      await rename(this.temporary, path);
      return path;
    } catch {
      await this.discard();
      return undefined;
    }
  }

  /** Removes the partial file (association dropped, instance refused). */
  async discard(): Promise<void> {
    this.failed ??= 'write-error';
    await this.opening?.catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.temporary, { force: true });
  }
}
