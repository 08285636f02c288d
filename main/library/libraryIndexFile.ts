import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudySummary } from '../../preload/contract/index.js';
import { writeFileAtomic } from '../storage/index.js';
import { JournalLine, Snapshot } from './libraryIndexFormat.js';
import { restore, snapshotOf, toHeader } from './librarySnapshot.js';
import type { LibraryChange, StudyLibrary } from './studyLibrary.js';

/**
 * The library index on disk, in `<dataDir>/library/`:
 *
 * - `index-<generation>.json`, a compact snapshot (studies, series, then one small tuple per
 *   instance), written atomically (temp file + rename) when an import ends or the library is
 *   cleared, the highest generation being the current one;
 * - `studies-<generation>.json`, the study list of that snapshot, so the list is on screen at
 *   start before the 10,000 instances behind it are rebuilt (it is only used when no journal of
 *   that generation exists, that is when it tells the whole truth);
 * - `journal-<generation>.jsonl`, the changes since that snapshot, appended in small batches
 *   while an import runs and flushed to disk, so a crash loses at most the last fraction of a
 *   second of work and never what was indexed before.
 *
 * Only the journal of the current generation is replayed, so a crash between writing a snapshot
 * and deleting the old journal cannot apply changes twice (or bring back studies that were
 * cleared). A journal whose last line was cut off by a crash is
 * read up to that line and then folded into a new snapshot at once.
 *
 * These files hold patient names and file paths, like the images they index: they live in the
 * app's data folder (mode 0600) and never in logs.
 */

/** Journal lines kept in memory before a write; a timer flushes smaller batches. */
const BATCH_LINES = 256;
const BATCH_MS = 200;

export class LibraryIndexFile {
  private generation = 0;
  private pending: string[] | null = null;
  private lines: string[] = [];
  private journal: FileHandle | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly folder: string,
    private readonly library: StudyLibrary,
  ) {}

  /** Loads the index into `library` and records every later change of it. */
  static async open(folder: string, library: StudyLibrary): Promise<LibraryIndexFile> {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = new LibraryIndexFile(folder, library);
    const replayed = await file.load();
    library.record((change) => file.append(change));
    // A journal left behind means the app stopped without compacting (a crash, or a kill):
    // fold it into a snapshot now, so a cut-off last line is never appended to.
    if (replayed > 0) await file.compact();
    await file.removeStaleJournals();
    return file;
  }

  /** The folders of an import that was cut off, if any. */
  get interruptedImport(): readonly string[] | undefined {
    return this.pending ?? undefined;
  }

  importStarted(paths: readonly string[]): void {
    this.pending = [...paths];
    this.write({ op: 'importStarted', paths: [...paths] });
  }

  /** The import ended (finished or cancelled by the doctor): nothing left to resume. */
  importFinished(): void {
    this.pending = null;
    this.write({ op: 'importFinished' });
  }

  /** Writes the buffered journal lines and flushes them to the disk. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.lines;
    this.lines = [];
    this.writing = this.writing.then(async () => {
      if (lines.length === 0) return;
      this.journal ??= await open(this.journalPath(this.generation), 'a', 0o600);
      await this.journal.write(`${lines.join('\n')}\n`);
      await this.journal.datasync();
    });
    await this.writing;
  }

  /** Replaces the snapshot with the whole index and starts an empty journal. */
  async compact(): Promise<void> {
    await this.flush();
    this.writing = this.writing.then(async () => {
      const old = this.generation;
      const next = old + 1;
      await writeFileAtomic(
        this.snapshotPath(next),
        JSON.stringify(snapshotOf(this.library, next, this.pending)),
      );
      await writeFileAtomic(
        studyListPath(this.folder, next),
        JSON.stringify(this.library.studies()),
      );
      this.generation = next;
      await this.journal?.close();
      this.journal = undefined;
      await rm(this.journalPath(old), { force: true });
      await rm(this.snapshotPath(old), { force: true });
      await rm(studyListPath(this.folder, old), { force: true });
    });
    await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writing;
    await this.journal?.close();
    this.journal = undefined;
  }

  /**
   * The study list of the current snapshot, read without rebuilding the index; undefined when a
   * journal has changes the list does not show (the full load must run first).
   */
  static async readStudyList(folder: string): Promise<StudySummary[] | undefined> {
    const generation = await currentGeneration(folder);
    const journal = await stat(join(folder, `journal-${generation ?? 0}.jsonl`)).catch(
      () => undefined,
    );
    if (journal !== undefined && journal.size > 0) return undefined;
    if (generation === undefined) return [];
    try {
      const parsed = z
        .array(StudySummary)
        .safeParse(JSON.parse(await readFile(studyListPath(folder, generation), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private snapshotPath(generation: number): string {
    return join(this.folder, `index-${generation}.json`);
  }

  private journalPath(generation: number): string {
    return join(this.folder, `journal-${generation}.jsonl`);
  }

  private append(change: LibraryChange): void {
    this.write(change);
  }

  private write(line: JournalLine | LibraryChange): void {
    this.lines.push(JSON.stringify(line));
    if (this.lines.length >= BATCH_LINES) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
  }

  /** Reads the snapshot and replays its journal; returns how many journal lines were applied. */
  private async load(): Promise<number> {
    const snapshot = await this.readSnapshot();
    if (snapshot !== undefined) {
      this.pending = snapshot.pendingImport;
      restore(this.library, snapshot);
    }
    let text: string;
    try {
      text = await readFile(this.journalPath(this.generation), 'utf8');
    } catch {
      return 0;
    }
    let applied = 0;
    for (const raw of text.split('\n')) {
      if (raw === '') continue;
      let parsed;
      try {
        parsed = JournalLine.safeParse(JSON.parse(raw));
      } catch {
        // A line cut off by a crash: everything before it is kept.
        break;
      }
      if (!parsed.success) break;
      applied++;
      const line = parsed.data;
      if (line.op === 'importStarted') this.pending = line.paths;
      else if (line.op === 'importFinished') this.pending = null;
      else
        this.library.apply(line.op === 'add' ? { ...line, header: toHeader(line.header) } : line);
    }
    return applied;
  }

  private async readSnapshot(): Promise<Snapshot | undefined> {
    const generation = await currentGeneration(this.folder);
    if (generation === undefined) return undefined;
    this.generation = generation;
    const path = this.snapshotPath(generation);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    let parsed;
    try {
      parsed = Snapshot.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success === true) return parsed.data;
    // Never overwrite what we cannot read: keep it aside for support, and start empty.
    await rename(path, join(this.folder, `damaged-${Date.now()}-index-${generation}.json`)).catch(
      () => undefined,
    );
    return undefined;
  }

  private async removeStaleJournals(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return;
    }
    const current = new Set([
      `journal-${this.generation}.jsonl`,
      `index-${this.generation}.json`,
      `studies-${this.generation}.json`,
    ]);
    await Promise.all(
      names
        .filter(
          (name) =>
            /^(journal-\d+\.jsonl|index-\d+\.json|studies-\d+\.json)$/.test(name) &&
            !current.has(name),
        )
        .map((name) => rm(join(this.folder, name), { force: true })),
    );
  }
}

function studyListPath(folder: string, generation: number): string {
  return join(folder, `studies-${generation}.json`);
}

/** The highest generation with a snapshot: snapshots are written whole (temp + rename) or not at all. */
async function currentGeneration(folder: string): Promise<number | undefined> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return undefined;
  }
  const generations = names
    .map((name) => /^index-(\d+)\.json$/.exec(name)?.[1])
    .filter((value) => value !== undefined)
    .map(Number);
  return generations.length === 0 ? undefined : Math.max(...generations);
}
