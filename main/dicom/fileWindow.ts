import fs from 'node:fs';

/**
 * Positioned reads of one open file into reused buffers, for the header scan. Plain descriptors
 * rather than fs/promises FileHandles, whose bookkeeping was half the cost of importing 10,000
 * headers (measured with --cpu-prof).
 */

/** The first read: the meta group and the values the library indexes fit in it for most files. */
export const FIRST_READ_BYTES = 16 * 1024;

/**
 * Buffers reused from file to file: a fresh one per file was a sixth of the import time in
 * garbage collection. Nothing read from a file keeps a view of its buffer (the scan copies the
 * values it keeps), so it is free again once the header is read.
 */
const spareBuffers: Buffer[] = [];
const SPARE_BUFFERS_KEPT = 32;

/**
 * Open and close run here, not on the thread pool: the listing has just read the file's inode,
 * so they do not wait on the disk, and each trip through the pool cost more CPU than the read
 * itself (a third of an import's main-thread time in the profile). The reads, which do wait on
 * the disk, stay asynchronous and overlap.
 */
export function openForReading(path: string): number {
  return fs.openSync(path, 'r');
}

export function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // A read-only descriptor has nothing to flush; a failed close loses nothing.
  }
}

/** A reader of windows of one file; `release` gives its buffer back for the next file. */
export class FileWindows {
  private buffer: Buffer = spareBuffers.pop() ?? Buffer.allocUnsafeSlow(FIRST_READ_BYTES);

  constructor(private readonly fd: number) {}

  /** Up to `length` bytes from `position`; valid until the next call. */
  async read(position: number, length: number): Promise<Uint8Array> {
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(length);
    const { buffer, fd } = this;
    const count = await new Promise<number>((resolve, reject) =>
      fs.read(fd, buffer, 0, length, position, (error, read) =>
        error ? reject(error) : resolve(read),
      ),
    );
    return new Uint8Array(buffer.buffer, buffer.byteOffset, count);
  }

  release(): void {
    if (this.buffer.length === FIRST_READ_BYTES && spareBuffers.length < SPARE_BUFFERS_KEPT)
      spareBuffers.push(this.buffer);
  }
}
