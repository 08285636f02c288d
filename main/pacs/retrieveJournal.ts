/**
 * The retrieve list on disk (`<dataDir>/pacs/retrieves.json`, written atomically), so a retrieve
 * the app did not finish is found again at the next start and resumed. Counts are what was known
 * when written; the folder on disk is the truth for what arrived.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RetrieveProgress } from '../../preload/contract/index.js';
import { writeFileAtomic } from '../storage/index.js';

export const RetrieveRecord = RetrieveProgress.omit({
  bytesPerSecond: true,
  secondsLeft: true,
}).extend({
  createdAt: z.number(),
});
export type RetrieveRecord = z.infer<typeof RetrieveRecord>;

const JournalFile = z.object({
  version: z.literal(1),
  retrieves: z.array(RetrieveRecord).max(1000),
});

/** Finished retrieves kept for the list; the oldest finished ones go first. */
const KEPT = 200;

export class RetrieveJournal {
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'pacs', 'retrieves.json');
  }

  async read(): Promise<RetrieveRecord[]> {
    try {
      const parsed = JournalFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.retrieves : [];
    } catch {
      return [];
    }
  }

  /** Writes are queued: the last one written is always the latest list. */
  write(records: readonly RetrieveRecord[]): Promise<void> {
    const kept = [...records].slice(-KEPT);
    const text = `${JSON.stringify({ version: 1, retrieves: kept })}\n`;
    this.writing = this.writing.then(
      () => writeFileAtomic(this.file, text),
      () => writeFileAtomic(this.file, text),
    );
    return this.writing;
  }
}
