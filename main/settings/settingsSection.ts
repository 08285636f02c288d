/**
 * A feature's own part of the user settings, in `<dataDir>/settings-<name>.json` beside
 * settings.json: written atomically, checked with the feature's schema on every read, and a
 * damaged or missing file means the feature's defaults.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';

export class SettingsSection<T> {
  private readonly file: string;
  private current: T | undefined;

  constructor(
    dataDir: string,
    name: string,
    private readonly schema: z.ZodType<T>,
    private readonly defaults: () => T,
  ) {
    this.file = join(dataDir, `settings-${name}.json`);
  }

  async get(): Promise<T> {
    if (this.current !== undefined) return this.current;
    try {
      const parsed = this.schema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      this.current = parsed.success ? parsed.data : this.defaults();
    } catch {
      this.current = this.defaults();
    }
    return this.current;
  }

  async set(value: T): Promise<T> {
    await writeFileAtomic(this.file, `${JSON.stringify(value, null, 2)}\n`);
    this.current = value;
    return value;
  }
}
