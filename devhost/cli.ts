/**
 * `npm run start:web`: starts the dev host and opens the app in a Chromium window.
 *
 *   --port N         listen on N (default: a random free port)
 *   --data-dir DIR   settings and dropped files (default: ~/.mitate-dev)
 *   --import PATH    import a folder or file at start (repeatable)
 *   --no-open        do not open a browser (tests, remote use)
 *   --policy FILE    run under this managed-policy JSON file (tests of locked settings)
 *   --platform-url U the reference platform to use (npm start passes the embedded one)
 *   --idle-lock-seconds S  lock the screen after S idle seconds (tests; policy sets minutes)
 *
 * The first line on stdout is JSON with the launch URL, for scripts and tests.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findChromium, openAppWindow } from './openBrowser.js';
import { startDevHost } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = resolve(here, '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    import: { type: 'string', multiple: true },
    'no-open': { type: 'boolean', default: false },
    policy: { type: 'string' },
    'platform-url': { type: 'string' },
    'idle-lock-seconds': { type: 'string' },
  },
});

const packageJson = JSON.parse(readFileSync(resolve(distDir, '..', 'package.json'), 'utf8')) as {
  version: string;
};
const host = await startDevHost({
  rendererDir: join(distDir, 'renderer'),
  bridgeFile: join(distDir, 'devhost', 'bridge.js'),
  dataDir: resolve(values['data-dir'] ?? join(homedir(), '.mitate-dev')),
  port: values.port === undefined ? 0 : Number(values.port),
  version: packageJson.version,
  ...(values.policy === undefined ? {} : { policyFile: resolve(values.policy) }),
  ...(values['platform-url'] === undefined ? {} : { platformUrl: values['platform-url'] }),
  ...(values['idle-lock-seconds'] === undefined
    ? {}
    : { idleLockSeconds: Math.max(1, Math.round(Number(values['idle-lock-seconds']))) }),
});

process.stdout.write(
  `${JSON.stringify({ event: 'listening', url: host.url, launchUrl: host.launchUrl })}\n`,
);

for (const path of values.import ?? []) {
  const report = await host.services.handlers['library.importPaths']({ paths: [resolve(path)] });
  process.stdout.write(`Imported ${report.instancesAdded} images from a sample folder.\n`);
}

const shutdown = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

if (values['no-open']) {
  process.stdout.write(`Mitate dev host: open ${host.launchUrl}\n`);
} else if (findChromium() === undefined) {
  process.stdout.write(`No Chromium found. Open this address in a browser: ${host.launchUrl}\n`);
} else {
  const browser = await openAppWindow(host.launchUrl);
  process.stdout.write(
    'Mitate is open in a Chromium window. Close it, or press Ctrl+C here, to stop.\n',
  );
  browser?.on('exit', shutdown);
}
