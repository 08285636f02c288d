import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BearerCheck, Caller } from '../identity/index.js';
import { HttpError } from '../http/index.js';
import type { WorkItemEvent, WorkItemList } from './workItems.js';

/**
 * UPS subscriptions and their WebSocket event channel (PS3.18 §11.12, PS3.4 CC.2.3): a client
 * subscribes an AE title to one work item or to all of its own (the global subscription), then
 * opens `ws://…/dicomweb/subscribers/{aeTitle}` with its bearer token and receives each event
 * report as a text message holding a DICOM JSON array with one data set. Subscriptions belong
 * to the caller: nobody hears about another user's work items.
 */
export const AE_TITLE = /^[A-Za-z0-9_.-][A-Za-z0-9_. -]{0,15}$/;
export const CHANNEL_PATH = /^\/dicomweb\/subscribers\/([^/]{1,16})$/;

interface Subscription {
  global: boolean;
  workItems: Set<string>;
}

export class EventChannel {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly sockets = new Map<string, Set<WebSocket>>();
  /** The token each socket was opened with: a socket outlives its token's revocation otherwise. */
  private readonly callers = new WeakMap<WebSocket, Caller>();
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  constructor(
    private readonly workItems: WorkItemList,
    private readonly authorize: BearerCheck,
  ) {
    workItems.on('event', (event) => this.deliver(event));
  }

  subscribe(subject: string, aeTitle: string, workItemUid: string | 'global'): void {
    const key = `${subject}\u0000${aeTitle}`;
    const subscription = this.subscriptions.get(key) ?? {
      global: false,
      workItems: new Set<string>(),
    };
    if (workItemUid === 'global') subscription.global = true;
    else subscription.workItems.add(workItemUid);
    this.subscriptions.set(key, subscription);
    if (workItemUid !== 'global')
      this.send(key, this.workItems.stateReport(this.workItems.get(workItemUid, subject)));
  }

  unsubscribe(subject: string, aeTitle: string, workItemUid: string | 'global'): void {
    const subscription = this.subscriptions.get(`${subject}\u0000${aeTitle}`);
    if (subscription === undefined) return;
    if (workItemUid === 'global') subscription.global = false;
    else subscription.workItems.delete(workItemUid);
  }

  /** Forgets a finished work item in every subscription (called when it is cleaned up). */
  forget(workItemUid: string): void {
    for (const subscription of this.subscriptions.values())
      subscription.workItems.delete(workItemUid);
  }

  /** Handles an HTTP upgrade on the channel path; answers 401 without a two-factor token. */
  async upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    aeTitle: string,
  ): Promise<void> {
    let caller: Caller;
    try {
      caller = await this.authorize(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 401;
      const challenge =
        error instanceof HttpError ? (error.headers['www-authenticate'] ?? 'Bearer') : 'Bearer';
      socket.end(
        `HTTP/1.1 ${status} Unauthorized\r\nWWW-Authenticate: ${challenge}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    const subject = caller.subject;
    this.server.handleUpgrade(req, socket, head, (ws) => {
      this.callers.set(ws, caller);
      const key = `${subject}\u0000${aeTitle}`;
      const set = this.sockets.get(key) ?? new Set<WebSocket>();
      set.add(ws);
      this.sockets.set(key, set);
      ws.on('close', () => set.delete(ws));
      ws.on('error', () => ws.terminate());
      // Messages from the client are not part of the protocol; they are ignored.
      for (const uid of this.subscriptions.get(key)?.workItems ?? []) {
        const item = this.workItems.find(uid, subject);
        if (item !== undefined) ws.send(JSON.stringify([this.workItems.stateReport(item).report]));
      }
    });
  }

  close(): void {
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    this.server.close();
  }

  private deliver(event: WorkItemEvent): void {
    for (const [key, subscription] of this.subscriptions) {
      if (!key.startsWith(`${event.owner}\u0000`)) continue;
      if (subscription.global || subscription.workItems.has(event.workItemUid))
        this.send(key, event);
    }
  }

  private send(key: string, event: WorkItemEvent): void {
    const message = JSON.stringify([event.report]);
    for (const ws of this.sockets.get(key) ?? []) {
      if (ws.readyState !== ws.OPEN) continue;
      // Logged out or revoked since the socket opened (or simply expired): no more reports.
      if (this.callers.get(ws)?.active() !== true) ws.close(1008, 'token no longer valid');
      else ws.send(message);
    }
  }
}
