/**
 * The AI results beside each original study: `<dataDir>/ai-results/<jobId>/<sop>.dcm` (already
 * mapped back to the original UIDs) and one index, `<dataDir>/ai-results/index.json`, written
 * atomically, that the library and the review screens read to show them marked as AI with the
 * service, the algorithm and the time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import { AiResultRecord } from './sendJob.js';

export const AiResultEntry = AiResultRecord.extend({
  jobId: z.string().max(64),
  /** The original study it belongs to. */
  studyInstanceUid: z.string().max(64),
  serviceId: z.string().max(64),
  serviceVersion: z.string().max(64),
  receivedAt: z.string().max(40),
  /** Relative to the ai-results folder. */
  file: z.string().max(512),
});
export type AiResultEntry = z.infer<typeof AiResultEntry>;
const IndexFile = z.object({ version: z.literal(1), results: z.array(AiResultEntry) });

export class AiResultIndex {
  readonly folder: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'ai-results');
  }

  async all(): Promise<AiResultEntry[]> {
    try {
      const parsed = IndexFile.safeParse(JSON.parse(await readFile(join(this.folder, 'index.json'), 'utf8')));
      return parsed.success ? parsed.data.results : [];
    } catch {
      return [];
    }
  }

  async forStudy(studyInstanceUid: string): Promise<AiResultEntry[]> {
    return (await this.all()).filter((entry) => entry.studyInstanceUid === studyInstanceUid);
  }

  /** Stores one mapped result file and adds it to the index (replacing an entry of the same SOP). */
  add(entry: Omit<AiResultEntry, 'file'>, bytes: Uint8Array): Promise<AiResultEntry> {
    const run = this.queue.then(async () => {
      const file = join(entry.jobId, `${entry.sopInstanceUid}.dcm`);
      await writeFileAtomic(join(this.folder, file), bytes);
      const results = (await this.all()).filter((existing) => existing.sopInstanceUid !== entry.sopInstanceUid);
      const stored = { ...entry, file };
      results.push(stored);
      await writeFileAtomic(join(this.folder, 'index.json'), JSON.stringify({ version: 1, results }));
      return stored;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
