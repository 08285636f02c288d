import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium.js';

// End-to-end tests drive the real renderer in Debian's Chromium against the real main-process
// handlers through the dev host. `npm test` builds first; see test/run-all.mjs.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: process.env['CI'] === 'true' ? 1 : 2,
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 860 },
    deviceScaleFactor: 1,
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
  },
});
