/**
 * Electron security checklist, applied to every web contents the app creates:
 * navigation and new windows denied, permission requests denied by default, no webviews.
 */
import { app, session, shell, type WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mitate';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function hardenSession(): void {
  // Nothing the viewer does needs a camera, notifications, geolocation, or anything else.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the outside world (help pages, later the platform's login) open in the system
      // browser; nothing opens inside the app.
      if (url.startsWith('https:')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
