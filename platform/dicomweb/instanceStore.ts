import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readInstanceHeader, type InstanceHeader } from './instanceHeader.js';

/**
 * The platform's only image storage: a scratch folder holding pseudonymized inputs until the
 * analysis ends and results until the client has retrieved them, or until the time to live
 * ends, whichever comes first. Nothing of it survives a restart (the folder is emptied when the
 * store opens), and the index lives in memory only. This is the "no image retention" promise
 * of the platform: a test proves the folder is empty afterwards.
 */
export type InstanceRole = 'input' | 'result';

export interface StoredInstance {
  header: InstanceHeader;
  /** Subject (`sub`) of the caller who stored it, or the owner of the work item it answers. */
  owner: string;
  role: InstanceRole;
  /** For results: the work item they answer. */
  workItemUid?: string;
  file: string;
  size: number;
  storedAt: number;
}

export type StoreOutcome =
  | { ok: true; instance: StoredInstance }
  | { ok: false; reason: 'not-dicom' | 'broken'; sopClassUid?: string; sopInstanceUid?: string };

export interface InstanceFilter {
  studyUid?: string;
  seriesUid?: string;
  sopInstanceUid?: string;
}

/** How much of a spooled file is read for its header (a header past this is refused). */
const HEADER_WINDOW = 16 * 1024 * 1024;
/** A file whose header did not parse from its beginning is read whole up to this (deflated). */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

export class InstanceStore {
  /** Keyed by owner + SOP Instance UID: two callers never see or replace each other's instances. */
  private readonly instances = new Map<string, StoredInstance>();
  private readonly retrieved = new Set<StoredInstance>();

  private constructor(
    readonly folder: string,
    private readonly ttlMs: number,
  ) {}

  static async open(folder: string, ttlMs: number): Promise<InstanceStore> {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const store = new InstanceStore(folder, ttlMs);
    await rm(store.incomingFolder, { recursive: true, force: true });
    await mkdir(store.incomingFolder, { recursive: true, mode: 0o700 });
    return store;
  }

  /** Beside the store: where request bodies are spooled before their parts are stored. */
  get incomingFolder(): string {
    return join(dirname(this.folder), 'incoming');
  }

  /**
   * Stores a Part 10 object already on disk (a spooled STOW-RS part) by moving it into the store;
   * only its beginning is read. A file that is not readable DICOM is removed.
   */
  async storeFile(
    path: string,
    size: number,
    owner: string,
    role: InstanceRole,
  ): Promise<StoreOutcome> {
    const length = Math.min(size, HEADER_WINDOW);
    const prefix = Buffer.alloc(length);
    const handle = await open(path, 'r');
    try {
      await handle.read(prefix, 0, length, 0);
    } finally {
      await handle.close();
    }
    let result = readInstanceHeader(prefix, size);
    if (result.kind === 'broken' && size > length && size <= WHOLE_FILE_LIMIT)
      result = readInstanceHeader(await readFile(path));
    if (result.kind !== 'instance') {
      await rm(path, { force: true });
      return { ok: false, reason: result.kind };
    }
    const file = join(this.folder, `${randomUUID()}.dcm`);
    await rename(path, file);
    return this.index(result.header, file, size, owner, role, undefined);
  }

  /** Writes one Part 10 object and indexes it; a file that is not readable DICOM is not kept. */
  async store(
    bytes: Uint8Array,
    owner: string,
    role: InstanceRole,
    workItemUid?: string,
  ): Promise<StoreOutcome> {
    const result = readInstanceHeader(bytes);
    if (result.kind !== 'instance') return { ok: false, reason: result.kind };
    const file = join(this.folder, `${randomUUID()}.dcm`);
    await writeFile(file, bytes, { mode: 0o600 });
    return this.index(result.header, file, bytes.byteLength, owner, role, workItemUid);
  }

  private async index(
    header: InstanceHeader,
    file: string,
    size: number,
    owner: string,
    role: InstanceRole,
    workItemUid: string | undefined,
  ): Promise<StoreOutcome> {
    const instance: StoredInstance = {
      header,
      owner,
      role,
      workItemUid,
      file,
      size,
      storedAt: Date.now(),
    };
    const key = `${owner}\u0000${header.sopInstanceUid}`;
    const previous = this.instances.get(key);
    this.instances.set(key, instance);
    if (previous !== undefined) await this.unlink(previous);
    return { ok: true, instance };
  }

  find(owner: string, filter: InstanceFilter = {}): StoredInstance[] {
    const found: StoredInstance[] = [];
    for (const instance of this.instances.values()) {
      if (instance.owner !== owner) continue;
      if (filter.studyUid !== undefined && instance.header.studyInstanceUid !== filter.studyUid)
        continue;
      if (filter.seriesUid !== undefined && instance.header.seriesInstanceUid !== filter.seriesUid)
        continue;
      if (
        filter.sopInstanceUid !== undefined &&
        instance.header.sopInstanceUid !== filter.sopInstanceUid
      )
        continue;
      found.push(instance);
    }
    return found;
  }

  resultsOf(workItemUid: string): StoredInstance[] {
    return [...this.instances.values()].filter(
      (instance) => instance.role === 'result' && instance.workItemUid === workItemUid,
    );
  }

  /**
   * Notes that these instances reached the client. When every result of a work item has been
   * retrieved, the results are deleted: the platform keeps no image data after delivery.
   */
  async markRetrieved(instances: StoredInstance[]): Promise<void> {
    const workItems = new Set<string>();
    for (const instance of instances) {
      if (instance.role !== 'result' || instance.workItemUid === undefined) continue;
      this.retrieved.add(instance);
      workItems.add(instance.workItemUid);
    }
    for (const uid of workItems) {
      const results = this.resultsOf(uid);
      if (results.every((instance) => this.retrieved.has(instance))) await this.delete(results);
    }
  }

  async delete(instances: StoredInstance[]): Promise<void> {
    for (const instance of instances) {
      const key = `${instance.owner}\u0000${instance.header.sopInstanceUid}`;
      if (this.instances.get(key) === instance) this.instances.delete(key);
      await this.unlink(instance);
    }
  }

  /** Deletes everything older than the time to live; returns how many instances went. */
  async sweep(now = Date.now()): Promise<number> {
    const expired = [...this.instances.values()].filter(
      (instance) => instance.storedAt + this.ttlMs <= now,
    );
    await this.delete(expired);
    return expired.length;
  }

  /** Files in the scratch folder right now (tests and the status route use it). */
  async filesOnDisk(): Promise<number> {
    return (await readdir(this.folder)).length;
  }

  async close(): Promise<void> {
    this.instances.clear();
    await rm(this.folder, { recursive: true, force: true });
    await rm(this.incomingFolder, { recursive: true, force: true });
  }

  private async unlink(instance: StoredInstance): Promise<void> {
    this.retrieved.delete(instance);
    await rm(instance.file, { force: true });
  }
}
