/**
 * Electron security checklist, applied to every web contents the app creates:
 * navigation and new windows denied, permission requests denied by default, no webviews.
 */
import { app, session, shell, type WebContents } from 'electron';
import { navigationAllowed, openInSystemBrowser } from './navigationGuard.js';

export { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl } from './navigationGuard.js';

export function hardenSession(): void {
  // Nothing the viewer does needs a camera, notifications, geolocation, or anything else.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!navigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!navigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the outside world (help pages, later the platform's login) open in the system
      // browser; nothing opens inside the app.
      if (openInSystemBrowser(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
