import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Settings } from '../../preload/contract/index.js';
import { writeFileAtomic } from '../storage/index.js';

/** Japanese is the default locale: Mitate is made for clinics in Japan. */
export const DEFAULT_SETTINGS: Settings = { locale: 'ja' };

/** User settings in `<dataDir>/settings.json`, written atomically; a damaged file means defaults. */
export class SettingsStore {
  private readonly file: string;
  private current: Settings | undefined;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.current !== undefined) return this.current;
    try {
      const parsed = Settings.partial().safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      this.current = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
    } catch {
      this.current = { ...DEFAULT_SETTINGS };
    }
    return this.current;
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.get()), ...change };
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return next;
  }
}
