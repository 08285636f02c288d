/**
 * Forwards the audit trail to the hospital's audit repository (IHE ATNA [ITI-20]): RFC 5424
 * syslog over TLS (RFC 5425, TLS 1.2 or later, the server's certificate checked against the
 * policy's CA or the system's), one message per entry, in order.
 *
 * The queue is the audit file itself: a cursor file (`audit.jsonl.forwarded`, written
 * atomically) remembers the last entry sent, so whatever was written while the repository was
 * unreachable, or before a restart, is sent when it answers again. Nothing is dropped; an
 * entry may be sent twice after a crash between sending and saving the cursor (the repository
 * sees the same seq and hash again).
 */
import { readFile } from 'node:fs/promises';
import { connect, type TLSSocket } from 'node:tls';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/index.js';
import { openEntry } from './auditChain.js';
import type { AuditEntry } from './auditEvent.js';
import { frame, syslogMessage } from './syslogFrame.js';

export interface ForwardingTarget {
  host: string;
  port: number;
  /** PEM text of the CA that signed the repository's certificate (from the policy's caFile). */
  ca?: string;
}

export interface AuditForwarderOptions {
  logFile: string;
  target: ForwardingTarget;
  /** First retry after a failure; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

const Cursor = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });

export class AuditForwarder {
  private socket: TLSSocket | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private stopped = false;

  constructor(private readonly options: AuditForwarderOptions) {
    this.retryMs = options.retryMs ?? 5_000;
  }

  get cursorFile(): string {
    return `${this.options.logFile}.forwarded`;
  }

  /** Something new is in the log: send what has not been sent. Never throws. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    clearTimeout(this.retryTimer);
    this.running = this.sendPending()
      .then(() => {
        this.retryMs = this.options.retryMs ?? 5_000;
      })
      .catch(() => {
        this.dropSocket();
        this.retryTimer = setTimeout(() => this.kick(), this.retryMs);
        this.retryTimer.unref();
        this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 300_000);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for a send in progress (at most `ms`), then closes the connection. */
  async stop(ms = 2_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.running !== undefined)
      await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    this.dropSocket();
  }

  private async readCursor(): Promise<z.infer<typeof Cursor> | undefined> {
    try {
      const parsed = Cursor.safeParse(JSON.parse(await readFile(this.cursorFile, 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Entries after the cursor. If the entry the cursor names is gone or different, the log was
   * cut back and written again (the app records that as an alert): everything is sent again,
   * so the repository holds the new entries too.
   */
  private async pending(cursor: z.infer<typeof Cursor> | undefined): Promise<AuditEntry[]> {
    const text = await readFile(this.options.logFile, 'utf8');
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const entry = openEntry(line);
      // A damaged line is not sent (the local check reports it); the rest still are.
      if (typeof entry === 'object') entries.push(entry);
    }
    if (cursor === undefined) return entries;
    const sent = entries.find((entry) => entry.seq === cursor.seq);
    if (sent === undefined || sent.hash !== cursor.hash) return entries;
    return entries.filter((entry) => entry.seq > cursor.seq);
  }

  private async sendPending(): Promise<void> {
    const entries = await this.pending(await this.readCursor());
    if (entries.length === 0) return;
    const socket = await this.connection();
    // The cursor is saved after each batch of up to 100 entries: a crash in between sends that
    // batch again, which the repository sees as repeated seq and hash, never as a gap.
    for (let start = 0; start < entries.length; start += 100) {
      const batch = entries.slice(start, start + 100);
      for (const entry of batch) {
        await new Promise<void>((resolve, reject) =>
          socket.write(frame(syslogMessage(entry)), (error) => (error ? reject(error) : resolve())),
        );
      }
      const last = batch[batch.length - 1]!;
      await writeFileAtomic(this.cursorFile, JSON.stringify({ seq: last.seq, hash: last.hash }));
    }
  }

  private connection(): Promise<TLSSocket> {
    if (this.socket !== undefined && !this.socket.destroyed) return Promise.resolve(this.socket);
    const { host, port, ca } = this.options.target;
    return new Promise((resolve, reject) => {
      const socket = connect({
        host,
        port,
        servername: /^[\d.]+$|:/.test(host) ? undefined : host,
        minVersion: 'TLSv1.2',
        ...(ca === undefined ? {} : { ca }),
      });
      socket.setTimeout(15_000, () => socket.destroy(new Error('audit repository timed out')));
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        this.socket = socket;
        socket.on('error', () => this.dropSocket());
        socket.on('close', () => {
          if (this.socket === socket) this.socket = undefined;
        });
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  private dropSocket(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
