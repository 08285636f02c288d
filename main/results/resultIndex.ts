/**
 * The AI results beside each original study: `<dataDir>/ai-results/<jobId>/<sop>.dcm` (already
 * mapped back to the original UIDs) and one index, `<dataDir>/ai-results/index.json`, written
 * atomically, that the library and the review screens read to show them marked as AI with the
 * service, the algorithm and the time.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AiAlgorithm } from '../../preload/contract/index.js';
import { DicomUid } from '../dicom/index.js';
import { writeFileAtomic } from '../storage/index.js';
import { MalformedUidError, resultFileName, resultPath } from './resultPath.js';

const Uid = DicomUid;

/** One result object a job received, as its job record keeps it. */
export const AiResultRecord = z.object({
  sopInstanceUid: Uid,
  seriesInstanceUid: Uid,
  sopClassUid: Uid,
  modality: z.string().max(16),
  /** Algorithm identity from the Contributing Equipment Sequence (IHE AIR). */
  algorithm: AiAlgorithm,
});
export type AiResultRecord = z.infer<typeof AiResultRecord>;

export const AiResultEntry = AiResultRecord.extend({
  jobId: z.string().max(64),
  /** The original study it belongs to (the library's own UID, which old files may spell loosely). */
  studyInstanceUid: z.string().max(64),
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  receivedAt: z.string().max(40),
  /** Relative to the ai-results folder. */
  file: z.string().max(512),
});
export type AiResultEntry = z.infer<typeof AiResultEntry>;
// Entries are checked one by one: one bad entry is dropped, never the whole index.
const IndexFile = z.object({ version: z.literal(1), results: z.array(z.unknown()) });

export class AiResultIndex {
  readonly folder: string;
  readonly indexPath: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'ai-results');
    this.indexPath = join(this.folder, 'index.json');
  }

  async all(): Promise<AiResultEntry[]> {
    try {
      const parsed = IndexFile.safeParse(JSON.parse(await readFile(this.indexPath, 'utf8')));
      if (!parsed.success) return [];
      return parsed.data.results.flatMap((entry) => {
        const one = AiResultEntry.safeParse(entry);
        return one.success ? [one.data] : [];
      });
    } catch {
      return [];
    }
  }

  async forStudy(studyInstanceUid: string): Promise<AiResultEntry[]> {
    return (await this.all()).filter((entry) => entry.studyInstanceUid === studyInstanceUid);
  }

  /** Where an entry's object is on disk. */
  pathOf(entry: Pick<AiResultEntry, 'file'>): string {
    return resultPath(this.folder, entry.file);
  }

  /**
   * Stores one mapped result file and adds it to the index (replacing an entry of the same SOP).
   * An entry the index could not read back (a malformed UID) is refused before anything is written.
   */
  add(entry: Omit<AiResultEntry, 'file'>, bytes: Uint8Array): Promise<AiResultEntry> {
    const run = this.queue.then(async () => {
      const file = resultFileName(entry.sopInstanceUid, entry.jobId);
      const checked = AiResultEntry.safeParse({ ...entry, file });
      if (!checked.success) throw new MalformedUidError();
      await writeFileAtomic(resultPath(this.folder, file), bytes);
      const results = (await this.all()).filter(
        (existing) => existing.sopInstanceUid !== entry.sopInstanceUid,
      );
      const stored = checked.data;
      results.push(stored);
      await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, results }));
      return stored;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const indexes = new Map<string, AiResultIndex>();

/**
 * The one index of a data folder, made on first use and handed to everyone after: the receive
 * step writes to it while the library and the review read it, and its writes are queued one at
 * a time only within one instance.
 */
export function aiResultIndexFor(dataDir: string): AiResultIndex {
  const key = resolve(dataDir);
  let index = indexes.get(key);
  if (index === undefined) {
    index = new AiResultIndex(dataDir);
    indexes.set(key, index);
  }
  return index;
}
