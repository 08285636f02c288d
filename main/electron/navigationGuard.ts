/**
 * Where the app's web contents may go, as plain functions (no Electron import) so that the rules
 * are unit-tested; security.ts applies them to every web contents (Electron security checklist
 * §13 "Disable or limit navigation", §14 "Disable or limit creation of new windows").
 */
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

/** In-app navigation: only within our own app:// origin. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * A link the page asks to open in a new window never opens inside the app; an https link (help
 * pages, later the platform's login) goes to the system browser, anything else nowhere.
 */
export function openInSystemBrowser(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
