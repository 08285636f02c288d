/**
 * The audit trail on disk: `<dataDir>/audit/audit.jsonl`, one hash-chained JSON entry per line
 * (see auditChain.ts), append-only, readable by the user only (0600 in a 0700 folder; on
 * Windows the profile folder's ACL already limits it to the user and administrators).
 *
 * Each append takes the lock, reads the last line back from the file (not from memory, so two
 * processes can share the log), writes one line with O_APPEND and flushes it to disk before the
 * caller goes on: an event that was reported is on disk.
 */
import { hostname, userInfo } from 'node:os';
import { chmod, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AuditClock, parseAuditTime } from './auditClock.js';
import {
  AUDIT_EVENT_TYPES,
  AUDIT_EVENTS,
  AuditEventInput,
  type AuditActor,
  type AuditLog,
} from './auditEvent.js';
import { z } from 'zod';
import { GENESIS, openEntry, sealEntry, type ChainHead, type UnsealedEntry } from './auditChain.js';
import { withAppendLock } from './appendLock.js';
import { anchorHead } from './anchorReceipts.js';
import { ensureChainKey, loadChainKey, type ChainKey } from './chainKey.js';
import type { Keychain } from '../keychain/index.js';

/** Enough to hold the longest last line (an entry listing a few thousand instance UIDs). */
const TAIL_BYTES = 1024 * 1024;

const Head = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });

/** `<log>.head`: the newest entry's seq and hash, so that removing entries from the end shows. */
export function headPath(file: string): string {
  return `${file}.head`;
}

export async function readHead(file: string): Promise<ChainHead | undefined> {
  try {
    const parsed = Head.safeParse(JSON.parse(await readFile(headPath(file), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the head record by rename, without a flush of its own: after a crash the head may be
 * older than the log (harmless: only a head ahead of the log means entries were removed), or
 * missing (no check), but never ahead. Saves a second fsync per entry.
 */
async function writeHead(file: string, head: ChainHead): Promise<void> {
  const temporary = `${headPath(file)}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(head), { mode: 0o600 });
  await rename(temporary, headPath(file));
}

export function auditLogPath(dataDir: string): string {
  return join(dataDir, 'audit', 'audit.jsonl');
}

export function osActor(application: string): AuditActor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host name still says where it happened.
  }
  return { userId: user, host: hostname(), application };
}

interface Tail {
  seq: number;
  hash: string;
  time: number;
  /** The file does not end with a newline: a crash cut the last write short. */
  cutShort: boolean;
}

async function readTail(file: string, key: ChainKey | undefined): Promise<Tail> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { seq: 0, hash: GENESIS, time: Number.NaN, cutShort: false };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return { seq: 0, hash: GENESIS, time: Number.NaN, cutShort: false };
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    const cutShort = !text.endsWith('\n');
    const lines = text.split('\n').filter((line) => line !== '');
    // The newest complete, intact entry is what the next one follows.
    for (let index = lines.length - 1 - (cutShort ? 1 : 0); index >= 0; index--) {
      const entry = openEntry(lines[index]!, key);
      if (typeof entry === 'object')
        return { seq: entry.seq, hash: entry.hash, time: parseAuditTime(entry.time), cutShort };
    }
    throw new Error('audit log has no readable entry at its end');
  } finally {
    await handle.close();
  }
}

export interface FileAuditLogOptions {
  file: string;
  /** "Mitate 0.1.0": the audit source. */
  application: string;
  clock?: AuditClock;
  /** Told after each entry is on disk (forwarding to a syslog collector). */
  onRecorded?: () => void;
  /**
   * Where the chain's key is kept (the OS keychain). Without one, or when it cannot be reached,
   * the chain is unkeyed (SHA-256), and an unreachable keychain is said in the log.
   */
  keychain?: Keychain;
}

export class FileAuditLog implements AuditLog {
  private actor: AuditActor;
  private readonly clock: AuditClock;
  private queue: Promise<unknown> = Promise.resolve();
  private prepared = false;
  private key: ChainKey | undefined;

  constructor(private readonly options: FileAuditLogOptions) {
    this.actor = osActor(options.application);
    this.clock = options.clock ?? new AuditClock();
  }

  get file(): string {
    return this.options.file;
  }

  /** The newest record's count and hash, once every entry recorded so far is on disk. */
  async head(): Promise<{ count: number; head: string }> {
    await this.queue;
    await this.prepare();
    return chainHeadOf(this.file, this.key);
  }

  setActor(actor: Partial<AuditActor>): void {
    this.actor = { ...osActor(this.options.application), ...actor };
  }

  /** Has the platform countersign the current head; the receipt goes to `<log>.anchors`. */
  async anchor(platformUrl: string, accessToken: string): Promise<void> {
    const head = await this.head();
    if (head.count === 0) return;
    await anchorHead({ file: this.file, head, platformUrl, accessToken });
  }

  /** Appends one entry; entries from one process are written in call order. */
  record(input: AuditEventInput): Promise<void> {
    const event = AuditEventInput.parse(input);
    const next = this.queue.then(() => this.append(event));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async prepare(): Promise<void> {
    if (this.prepared) return;
    this.prepared = true;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const alerts: AuditEventInput[] = [];
    const { keychain } = this.options;
    let keychainFailed = false;
    if (keychain !== undefined)
      this.key = await loadChainKey(keychain, this.file).catch(() => {
        keychainFailed = true;
        return undefined;
      });
    // Entries removed from the end leave the head record ahead of the log: say so in the log.
    const [head, tail] = await Promise.all([
      readHead(this.file),
      readTail(this.file, this.key).catch(() => undefined),
    ]);
    if (keychain !== undefined && !keychainFailed && this.key === undefined && tail !== undefined)
      this.key = await ensureChainKey(keychain, this.file, tail.seq + 1).catch(() => {
        keychainFailed = true;
        return undefined;
      });
    if (keychainFailed)
      alerts.push({
        event: 'securityAlert',
        type: 'securityConfiguration',
        action: 'E',
        outcome: 4,
        reason: 'audit_chain_unkeyed',
      });
    if (head !== undefined && tail !== undefined && tail.seq < head.seq) {
      alerts.push({
        event: 'securityAlert',
        type: 'securityConfiguration',
        action: 'E',
        outcome: 12,
        reason: 'audit_log_entries_removed',
        detail: { expectedSeq: head.seq, foundSeq: tail.seq },
      });
    }
    // A log someone made readable to others is set back to the user only, and said so.
    const mode = await stat(this.file).then(
      (s) => s.mode & 0o777,
      () => undefined,
    );
    if (process.platform !== 'win32' && mode !== undefined && (mode & 0o077) !== 0) {
      await chmod(this.file, 0o600);
      alerts.push({
        event: 'securityAlert',
        type: 'objectSecurityAttributesChanged',
        action: 'U',
        outcome: 4,
        reason: 'audit_log_permissions_reset',
        detail: { mode: mode.toString(8) },
      });
    }
    for (const alert of alerts) await this.append(AuditEventInput.parse(alert));
  }

  private async append(event: AuditEventInput): Promise<void> {
    await this.prepare();
    await withAppendLock(this.file, async () => {
      const tail = await readTail(this.file, this.key);
      this.clock.resumeAfter(tail.time);
      const { time, steppedBackMs } = this.clock.stamp();
      const kind = AUDIT_EVENTS[event.event];
      const entry: UnsealedEntry = {
        seq: tail.seq + 1,
        time,
        clock:
          steppedBackMs === undefined ? { source: 'system' } : { source: 'system', steppedBackMs },
        event: { code: kind.code, name: kind.name },
        ...(event.type === undefined ? {} : { type: { ...AUDIT_EVENT_TYPES[event.type] } }),
        action: event.action,
        outcome: event.outcome,
        actor: { ...this.actor, ...event.actor },
        ...pick(event),
        prev: tail.hash,
      };
      const { line, hash } = sealEntry(entry, this.key);
      const handle = await open(this.file, 'a', 0o600);
      try {
        // After a cut-short write the new entry starts on its own line; verify reports the cut.
        await handle.write(`${tail.cutShort ? '\n' : ''}${line}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await writeHead(this.file, { seq: entry.seq, hash });
    });
    this.options.onRecorded?.();
  }
}

/** The newest intact record of a log (count and hash): what the platform is asked to countersign. */
export async function chainHeadOf(
  file: string,
  key: ChainKey | undefined,
): Promise<{ count: number; head: string }> {
  const tail = await readTail(file, key);
  return { count: tail.seq, head: tail.hash };
}

function pick(event: AuditEventInput): Partial<UnsealedEntry> {
  const out: Partial<UnsealedEntry> = {};
  if (event.patients !== undefined) out.patients = event.patients;
  if (event.studies !== undefined) out.studies = event.studies;
  if (event.destination !== undefined) out.destination = event.destination;
  if (event.source !== undefined) out.source = event.source;
  if (event.pseudonymized !== undefined) out.pseudonymized = event.pseudonymized;
  if (event.reason !== undefined) out.reason = event.reason;
  if (event.detail !== undefined) out.detail = event.detail;
  return out;
}
