/**
 * The doctor's saved assessments (IHE AIRA): each is its own SR file in `<dataDir>/assessments/`,
 * and `index.json` beside them, written atomically, holds the latest per assessed AI report with
 * its decisions (for the review screen) and which study and series it is (for the library, which
 * lists it beside the study marked as the doctor's assessment).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import { resultPath } from './resultPath.js';

const Decision = z.object({
  decision: z.enum(['accepted', 'rejected', 'none']),
  comment: z.string(),
});
export const AssessmentEntry = z.object({
  /** The assessment SR, relative to the assessments folder. */
  file: z.string(),
  savedAt: z.string(),
  /** Per finding key (Tracking UID, else Tracking Identifier). */
  decisions: z.record(z.string(), Decision),
  // Absent in entries saved before the library listed assessments.
  studyInstanceUid: z.string().max(64).optional(),
  seriesInstanceUid: z.string().max(64).optional(),
  sopInstanceUid: z.string().max(64).optional(),
  observer: z.string().max(256).optional(),
});
export type AssessmentEntry = z.infer<typeof AssessmentEntry>;
const IndexFile = z.object({
  version: z.literal(1),
  /** Latest assessment per assessed report (its SOP Instance UID). */
  reports: z.record(z.string(), AssessmentEntry),
});
type IndexFile = z.infer<typeof IndexFile>;

export class AssessmentIndex {
  readonly folder: string;
  readonly indexPath: string;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'assessments');
    this.indexPath = join(this.folder, 'index.json');
  }

  async read(): Promise<IndexFile> {
    try {
      return IndexFile.parse(JSON.parse(await readFile(this.indexPath, 'utf8')));
    } catch {
      return { version: 1, reports: {} };
    }
  }

  /** Writes the SR, then records it as the latest assessment of `assessedSop`; saves run one at a time. */
  save(assessedSop: string, bytes: Uint8Array, entry: AssessmentEntry): Promise<void> {
    const run = this.writing.then(async () => {
      await writeFileAtomic(resultPath(this.folder, entry.file), bytes);
      const index = await this.read();
      index.reports[assessedSop] = entry;
      await writeFileAtomic(this.indexPath, JSON.stringify(index));
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}

const indexes = new Map<string, AssessmentIndex>();

/** The one assessment index of a data folder (its saves are queued one at a time within one instance). */
export function assessmentIndexFor(dataDir: string): AssessmentIndex {
  const key = resolve(dataDir);
  let index = indexes.get(key);
  if (index === undefined) {
    index = new AssessmentIndex(dataDir);
    indexes.set(key, index);
  }
  return index;
}
