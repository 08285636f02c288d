import { Transform, type TransformCallback } from 'node:stream';

/**
 * Limits on what one zip archive may expand to. A zip from anywhere (a CD, a download) can be a
 * "zip bomb": a few megabytes that inflate to gigabytes, or hundreds of thousands of entries.
 * Sizes are counted from the bytes actually inflated; the sizes an archive declares are never
 * trusted.
 */
export interface ArchiveLimits {
  /** Bytes all entries together may inflate to; past it the whole archive is refused. */
  maxTotalBytes: number;
  /** Entries the archive may have; more and it is refused before anything is extracted. */
  maxEntries: number;
  /** Inflated bytes per compressed byte one entry may reach; past it that entry is refused. */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 20 * 2 ** 30,
  maxEntries: 50_000,
  maxRatio: 200,
};

/**
 * The ratio is judged only past this many bytes of one entry: a small file of zeros (a blank
 * secondary capture) legitimately compresses far beyond 200:1, and costs nothing.
 */
export const RATIO_GRACE_BYTES = 1 << 20;

export type LimitReason = 'too-large' | 'compression-ratio';

export class ArchiveLimitExceeded extends Error {
  constructor(readonly reason: LimitReason) {
    super(reason);
  }
}

/** The bytes inflated so far, for all entries of one archive. */
export interface InflatedTotal {
  bytes: number;
}

/** Passes an entry's bytes on, failing the stream the moment a limit is crossed. */
export function countingStream(
  compressedSize: number,
  total: InflatedTotal,
  limits: ArchiveLimits,
): Transform {
  let written = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      written += chunk.length;
      total.bytes += chunk.length;
      if (total.bytes > limits.maxTotalBytes) {
        callback(new ArchiveLimitExceeded('too-large'));
        return;
      }
      if (exceedsRatio(written, compressedSize, limits)) {
        callback(new ArchiveLimitExceeded('compression-ratio'));
        return;
      }
      callback(null, chunk);
    },
  });
}

export function exceedsRatio(
  inflated: number,
  compressedSize: number,
  limits: ArchiveLimits,
): boolean {
  return inflated > RATIO_GRACE_BYTES && inflated > limits.maxRatio * Math.max(1, compressedSize);
}
