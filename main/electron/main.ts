/**
 * Electron entry: the thin shell around the plain-Node main process. It owns the window, the
 * app:// scheme, the IPC binding and the native dialogs; everything else lives outside
 * main/electron/ so it also runs under the dev host and in tests.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { type AuditSession, openAuditSession, withAudit } from '../audit/index.js';
import { platformUrlProblem } from '../auth/index.js';
import { createHandlers } from '../handlers.js';
import { PathGrants } from '../host/index.js';
import { osKeychain } from '../keychain/index.js';
import { readManagedPolicy } from '../policy/index.js';
import { SettingsStore } from '../settings/index.js';
import { bindDroppedPaths, bindIpc, emitToWindow } from './ipc.js';
import { applyProxyPolicy } from './proxy.js';
import { registerAppScheme, serveAppScheme } from './protocol.js';
import { lockOnSystemEvents } from './screenLockEvents.js';
import { APP_ORIGIN, hardenSession, hardenWebContents } from './security.js';
import { startUpdater } from './updater.js';

const distDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let mainWindow: BrowserWindow | undefined;
let auditSession: AuditSession | undefined;
let flushAccess: (() => Promise<void>) | undefined;

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
  // Application Stop (110121) is written before the process ends; quitting waits for it.
  app.on('will-quit', (event) => {
    const session = auditSession;
    if (session === undefined) return;
    auditSession = undefined;
    event.preventDefault();
    void session.stop(flushAccess).finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSession();
  const dataDir = app.getPath('userData');
  const { version } = JSON.parse(readFileSync(join(distDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  // Machine policy first: it decides the proxy, updates and which settings the user may change.
  const policy = await readManagedPolicy();
  auditSession = await openAuditSession({
    dataDir,
    application: `Mitate ${version}`,
    policy,
    keychain: osKeychain(),
  });
  await applyProxyPolicy(policy.policy.proxy);
  const pathGrants = new PathGrants();
  const services = withAudit(
    createHandlers({
      // npm start passes the embedded reference platform's address (scripts/start.mjs).
      info: {
        name: 'Mitate',
        version,
        host: 'electron',
        platform: process.platform,
        nativeDialogs: true,
        ...(process.env.MITATE_PLATFORM_URL
          ? { platformUrl: process.env.MITATE_PLATFORM_URL }
          : {}),
      },
      dataDir,
      settings: new SettingsStore(dataDir),
      policy: policy.policy,
      pickFolders: async (kind) => {
        // Windows and Linux dialogs pick folders or files, never both in one dialog.
        const options: Electron.OpenDialogOptions = {
          properties: [kind === 'files' ? 'openFile' : 'openDirectory', 'multiSelections'],
        };
        const result =
          mainWindow === undefined
            ? await dialog.showOpenDialog(options)
            : await dialog.showOpenDialog(mainWindow, options);
        return result.canceled ? null : result.filePaths;
      },
      pathGrants,
      // A path the page sends that the doctor did not drop (typed in the import box, or sent by
      // a compromised page) is imported only after the doctor confirms it in a native dialog.
      confirmPaths: async (paths) => {
        const ja = app.getLocale().startsWith('ja');
        const options: Electron.MessageBoxOptions = {
          type: 'question',
          buttons: ja ? ['読み込む', 'キャンセル'] : ['Import', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: ja ? '次の場所から画像を読み込みますか?' : 'Import images from these places?',
          detail: paths.join('\n'),
        };
        const { response } =
          mainWindow === undefined
            ? await dialog.showMessageBox(options)
            : await dialog.showMessageBox(mainWindow, options);
        return response === 0;
      },
      emit: (name, payload) => emitToWindow(mainWindow, name, payload),
      audit: auditSession.audit,
      // The login page opens in the system browser (RFC 8252 §4.1), never inside the app window.
      openExternal: async (url) => {
        // Only addresses the platform URL policy allows: a packaged app never opens a login over http off this machine.
        if (/^https?:\/\//.test(url) && platformUrlProblem(url, app.isPackaged) === undefined)
          await shell.openExternal(url);
      },
    }),
    auditSession.audit,
  );
  lockOnSystemEvents(services.auth);
  flushAccess = () => services.flush();
  serveAppScheme(
    join(distDir, 'renderer'),
    services.library,
    (path) => services.instanceServed(path),
    async () => (await services.auth).lock.locked,
  );
  startUpdater(policy.policy, auditSession.audit);
  bindIpc(services.handlers, () => mainWindow);
  bindDroppedPaths(pathGrants, () => mainWindow);

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
