/**
 * Send jobs on disk: one JSON file per job in `<dataDir>/jobs`, each written atomically after
 * every step, so a crash keeps the last whole state and the job resumes from there.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../storage/index.js';
import { SendJob } from './sendJob.js';

export class JobStore {
  readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'jobs');
  }

  private pathOf(id: string): string {
    if (!/^[a-z0-9-]{8,64}$/.test(id)) throw new Error('bad job id');
    return join(this.folder, `${id}.json`);
  }

  async save(job: SendJob): Promise<void> {
    await writeFileAtomic(this.pathOf(job.id), JSON.stringify(job));
  }

  /** Every readable job; a file that is not a job (cut off by a disk error, edited) is skipped. */
  async loadAll(): Promise<SendJob[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const jobs: SendJob[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      try {
        const parsed = SendJob.safeParse(
          JSON.parse(await readFile(join(this.folder, name), 'utf8')),
        );
        if (parsed.success) jobs.push(parsed.data);
      } catch {
        // unreadable: left on disk for support, not loaded
      }
    }
    return jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }
}
