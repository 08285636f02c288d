/**
 * Binds every contract channel to ipcMain.handle. A request is served only when it comes from
 * our own main frame on app://; anything else gets a typed refusal and no handler runs.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  channelNames,
  DROPPED_PATH_CHANNEL,
  IPC_EVENT_CHANNEL,
  type EventName,
  type EventPayload,
} from '../../preload/contract/index.js';
import { dispatch } from '../dispatch.js';
import type { Handlers, PathGrants } from '../host/index.js';
import { isAppUrl } from './security.js';

function trustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | undefined): boolean {
  const frame = event.senderFrame;
  if (frame === null || window === undefined) return false;
  return (
    event.sender === window.webContents &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url)
  );
}

export function bindIpc(handlers: Handlers, getWindow: () => BrowserWindow | undefined): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!trustedSender(event, getWindow()))
        return { ok: false, error: { code: 'permission_denied', detail: 'sender' } };
      return dispatch(handlers, channel, request);
    });
  }
}

/** Paths of dropped files, from the preload of our own window only (preload/index.ts). */
export function bindDroppedPaths(
  grants: PathGrants,
  getWindow: () => BrowserWindow | undefined,
): void {
  // A handler with a reply, like every channel: the sender is checked before anything else, and
  // the grant is made before the handler returns, so the import that follows finds it.
  ipcMain.handle(DROPPED_PATH_CHANNEL, (event, path: unknown) => {
    if (!trustedSender(event, getWindow()))
      return { ok: false, error: { code: 'permission_denied', detail: 'sender' } };
    if (typeof path === 'string' && path.length > 0 && path.length <= 4096) grants.grant(path);
    return { ok: true, value: {} };
  });
}

export function emitToWindow<E extends EventName>(
  window: BrowserWindow | undefined,
  name: E,
  payload: EventPayload<E>,
): void {
  if (window !== undefined && !window.isDestroyed())
    window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
}
