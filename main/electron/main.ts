/**
 * Electron entry: the thin shell around the plain-Node main process. It owns the window, the
 * app:// scheme, the IPC binding and the native dialogs; everything else lives outside
 * main/electron/ so it also runs under the dev host and in tests.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { createHandlers } from '../handlers.js';
import { SettingsStore } from '../settings/settingsStore.js';
import { bindIpc, emitToWindow } from './ipc.js';
import { registerAppScheme, serveAppScheme } from './protocol.js';
import { APP_ORIGIN, hardenSession, hardenWebContents } from './security.js';

const distDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let mainWindow: BrowserWindow | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents();
  app.on('second-instance', () => {
    if (mainWindow === undefined) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSession();
  const dataDir = app.getPath('userData');
  const { version } = JSON.parse(readFileSync(join(distDir, '..', 'package.json'), 'utf8')) as { version: string };
  const services = createHandlers({
    info: { name: 'Mitate', version, host: 'electron', platform: process.platform, nativeDialogs: true },
    dataDir,
    settings: new SettingsStore(dataDir),
    pickFolders: async () => {
      const options: Electron.OpenDialogOptions = { properties: ['openDirectory', 'openFile', 'multiSelections'] };
      const result = mainWindow === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(mainWindow, options);
      return result.canceled ? null : result.filePaths;
    },
    emit: (name, payload) => emitToWindow(mainWindow, name, payload),
  });
  serveAppScheme(join(distDir, 'renderer'), services.library);
  bindIpc(services.handlers, () => mainWindow);

  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0b0d10',
    title: 'Mitate',
    show: false,
    webPreferences: {
      preload: join(distDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  await mainWindow.loadURL(`${APP_ORIGIN}/`);
}
