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
 *   --help           print these options and exit
 *
 * The first line on stdout is JSON with the launch URL, for scripts and tests. Options are parsed
 * before anything starts; an unknown one is an error (exit 2).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { displayAvailable, findChromium, openAppWindow } from './openBrowser.js';
import { startDevHost } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = resolve(here, '..');
const USAGE = `Usage: node dist/devhost/cli.js [options]
  --port N               listen on 127.0.0.1:N (default: a free port)
  --data-dir DIR         settings and library (default ~/.mitate-dev)
  --import PATH          import a folder or file at start (repeatable)
  --no-open              open no browser window; print the address instead
  --policy FILE          run under this managed-policy JSON file
  --platform-url URL     the AI platform to sign in to
  --idle-lock-seconds S  lock the screen after S idle seconds (tests; policy sets minutes)
  --help                 print these options and exit
`;

function parseOptions() {
  try {
    return parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const OPTIONS = {
  help: { type: 'boolean', default: false },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  import: { type: 'string', multiple: true },
  'no-open': { type: 'boolean', default: false },
  policy: { type: 'string' },
  'platform-url': { type: 'string' },
  'idle-lock-seconds': { type: 'string' },
} as const;
const values = parseOptions();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

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

// Say what was done: a window is claimed only once its browser has started.
const serving = `Mitate serves its web UI at ${host.launchUrl} (this machine only; the address opens one session). Press Ctrl+C to stop.`;
if (values['no-open']) {
  process.stdout.write(`${serving}\n`);
} else if (!displayAvailable()) {
  process.stdout.write(`No display is available, so no window was opened. ${serving}\n`);
} else if (findChromium() === undefined) {
  process.stdout.write(`No Chromium found, so no window was opened. ${serving}\n`);
} else {
  const browser = await openAppWindow(host.launchUrl);
  browser?.once('spawn', () =>
    process.stdout.write(
      'Mitate is opening in a Chromium window. Close it, or press Ctrl+C here, to stop.\n',
    ),
  );
  browser?.once('error', () =>
    process.stdout.write(`Chromium could not be started, so no window was opened. ${serving}\n`),
  );
  browser?.on('exit', (code) => {
    if (code !== 0) process.stdout.write(`The Chromium window ended with an error (${code}).\n`);
    shutdown();
  });
}
