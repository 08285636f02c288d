import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@mitate/atomic-write';

/**
 * Storage for oidc-provider's models, in place of its development-only memory adapter (which is
 * a process-wide LRU of 1000 entries). Sessions, grants and refresh tokens are written to
 * `<dataDir>/oidc-state.json` (0600, atomically), so a restart of the platform does not sign the
 * desktop app out; short-lived models (authorization codes, interactions, replay detection) stay
 * in memory. Expired entries are dropped on every write.
 */
type Payload = Record<string, unknown>;
interface Entry {
  payload: Payload;
  /** Epoch milliseconds; Infinity for entries without expiry. */
  expiresAt: number;
}

const PERSISTED = new Set(['Session', 'Grant', 'RefreshToken', 'RevokedAccessToken']);
const MAX_ENTRIES = 50_000;
const fileSchema = z.object({
  entries: z.array(
    z.tuple([
      z.string(),
      z.object({ payload: z.record(z.string(), z.unknown()), expiresAt: z.number().nullable() }),
    ]),
  ),
});

export class ProviderStore {
  private writing: Promise<void> = Promise.resolve();
  private pending = false;

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async open(dataDir: string): Promise<ProviderStore> {
    const file = join(dataDir, 'oidc-state.json');
    const entries = new Map<string, Entry>();
    try {
      const parsed = fileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      for (const [key, entry] of parsed.entries)
        entries.set(key, { payload: entry.payload, expiresAt: entry.expiresAt ?? Infinity });
    } catch (error) {
      // A missing or unreadable file only means everyone logs in again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') entries.clear();
    }
    return new ProviderStore(file, entries);
  }

  get(model: string, id: string): Payload | undefined {
    const key = `${model}:${id}`;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(
    model: string,
    id: string,
    payload: Payload,
    expiresInSeconds: number | undefined,
  ): Promise<void> {
    if (this.entries.size >= MAX_ENTRIES) this.prune();
    this.entries.set(`${model}:${id}`, {
      payload,
      expiresAt: expiresInSeconds === undefined ? Infinity : Date.now() + expiresInSeconds * 1000,
    });
    return this.changed(model);
  }

  delete(model: string, id: string): Promise<void> {
    this.entries.delete(`${model}:${id}`);
    return this.changed(model);
  }

  find(model: string, match: (payload: Payload) => boolean): [string, Payload] | undefined {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(`${model}:`) && entry.expiresAt > Date.now() && match(entry.payload))
        return [key.slice(model.length + 1), entry.payload];
    }
    return undefined;
  }

  /** Revokes everything issued under a grant (RFC 7009 §2.1, token revocation cascades). */
  revokeGrant(grantId: string): Promise<void> {
    for (const [key, entry] of this.entries)
      if (entry.payload.grantId === grantId) this.entries.delete(key);
    return this.changed('Grant');
  }

  /** The adapter class oidc-provider constructs once per model name. */
  adapter(): new (model: string) => object {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the adapter class closes over this store
    const store = this;
    return class {
      constructor(private readonly model: string) {}
      async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
        await store.set(this.model, id, payload, expiresIn);
      }
      async find(id: string): Promise<Payload | undefined> {
        return store.get(this.model, id);
      }
      async findByUid(uid: string): Promise<Payload | undefined> {
        return store.find(this.model, (payload) => payload.uid === uid)?.[1];
      }
      async findByUserCode(userCode: string): Promise<Payload | undefined> {
        return store.find(this.model, (payload) => payload.userCode === userCode)?.[1];
      }
      async consume(id: string): Promise<void> {
        const payload = store.get(this.model, id);
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
        await store.changed(this.model);
      }
      async destroy(id: string): Promise<void> {
        await store.delete(this.model, id);
      }
      async revokeByGrantId(grantId: string): Promise<void> {
        await store.revokeGrant(grantId);
      }
    };
  }

  /** Flushes pending writes (shutdown, tests). */
  flush(): Promise<void> {
    return this.writing;
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  /** Coalesces writes: at most one running and one queued, each writing the latest state. */
  private changed(model: string): Promise<void> {
    if (!PERSISTED.has(model)) return Promise.resolve();
    if (this.pending) return this.writing;
    this.pending = true;
    this.writing = this.writing.then(async () => {
      this.pending = false;
      this.prune();
      const persisted = [...this.entries]
        .filter(([key]) => PERSISTED.has(key.slice(0, key.indexOf(':'))))
        .map(([key, entry]) => [
          key,
          {
            payload: entry.payload,
            expiresAt: Number.isFinite(entry.expiresAt) ? entry.expiresAt : null,
          },
        ]);
      await writeFileAtomic(this.file, JSON.stringify({ entries: persisted }));
    });
    return this.writing;
  }
}
