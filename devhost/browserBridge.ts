/**
 * Dev host only: gives the page the same `window.mitate` the Electron preload gives, over a
 * WebSocket to the dev host instead of IPC. Injected into index.html by the dev host; never part
 * of the renderer bundle or of a packaged app.
 */
import { createMitateApi } from '../preload/api.js';
import type { Channel, EventName } from '../preload/contract/index.js';
import { decodeMessage, encodeMessage, ServerMessage, WS_PATH } from './wire.js';

type Pending = { resolve: (reply: unknown) => void; reject: (error: Error) => void };

const pending = new Map<number, Pending>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

const socket = new WebSocket(`ws://${location.host}${WS_PATH}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('error', () => reject(new Error('dev host unreachable')), { once: true });
});
opened.catch(() => undefined);

socket.addEventListener('message', (event: MessageEvent<string>) => {
  const parsed = ServerMessage.safeParse(decodeMessage(event.data));
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'reply') {
    pending.get(message.id)?.resolve(message.reply);
    pending.delete(message.id);
  } else {
    for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
  }
});

socket.addEventListener('close', () => {
  for (const entry of pending.values()) entry.reject(new Error('dev host closed the connection'));
  pending.clear();
  document.documentElement.dataset['hostDisconnected'] = 'true';
});

async function invoke(channel: Channel, request: unknown): Promise<unknown> {
  await opened;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    socket.send(encodeMessage({ type: 'invoke', id, channel, request }));
  });
}

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  const set = listeners.get(event) ?? new Set();
  set.add(listener);
  listeners.set(event, set);
  return () => set.delete(listener);
}

Object.defineProperty(window, 'mitate', {
  value: Object.freeze(createMitateApi({ invoke, subscribe, pathForFile: () => null })),
  writable: false,
  configurable: false,
});
