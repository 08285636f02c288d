import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium with SwiftShader WebGL2; never a browser downloaded by Playwright. */
export const CHROMIUM = '/usr/bin/chromium';

export function chromiumLaunchOptions(): LaunchOptions {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: run "npm test", which installs it, or apt-get install chromium`,
    );
  return {
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  };
}
