/**
 * Electron preload (sandboxed): exposes the contract as `window.mitate` and nothing else.
 * With the Electron shell, this is one of the two places that import `electron`.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createMitateApi } from './api.js';
import { DROPPED_PATH_CHANNEL, eventNames, IPC_EVENT_CHANNEL } from './contract/index.js';

const IPC_EVENT = IPC_EVENT_CHANNEL;

const api = createMitateApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe(event, listener) {
    const onEvent = (_: unknown, name: unknown, payload: unknown): void => {
      if (name === event && eventNames.includes(event)) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, onEvent);
    return () => ipcRenderer.off(IPC_EVENT, onEvent);
  },
  pathForFile: (file) => {
    // Only a real dropped (or picked) File has a path; main grants it for one import.
    const path = webUtils.getPathForFile(file);
    if (path === '') return null;
    // Sent before the page's import request on the same ordered channel, so main has granted it.
    void ipcRenderer.invoke(DROPPED_PATH_CHANNEL, path);
    return path;
  },
});

contextBridge.exposeInMainWorld('mitate', api);
