// `npm start`: the desktop app where the Electron binary is present, otherwise the dev host in a
// Chromium app window, with the sample study opened so there is something to read at once, and
// the reference platform running beside it (with a sample MRA phantom made on first start).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { samplePhantom, startEmbeddedPlatform } from './embeddedPlatform.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = `${root}test/data/mr-head-t1-siemens-xa30-classic`;

function electronBinary() {
  try {
    const electronDir = createRequire(import.meta.url)
      .resolve('electron/package.json')
      .replace(/package\.json$/, '');
    const relative = readFileSync(`${electronDir}path.txt`, 'utf8');
    const binary = `${electronDir}dist/${relative}`;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

// `--web` (npm run start:web) always uses the dev host; `--no-platform` skips the embedded platform.
const passed = process.argv.slice(2).filter((arg) => arg !== '--web' && arg !== '--no-platform');
const binary = process.argv.includes('--web') ? undefined : electronBinary();
const dataDirIndex = passed.indexOf('--data-dir');
const dataDir =
  dataDirIndex >= 0 && passed[dataDirIndex + 1]
    ? passed[dataDirIndex + 1]
    : join(homedir(), '.mitate-dev');

// The reference platform runs beside the app on loopback (scripts/embeddedPlatform.mjs).
const [platform, phantom] = process.argv.includes('--no-platform')
  ? [undefined, undefined]
  : await Promise.all([startEmbeddedPlatform({ root, dataDir }), samplePhantom({ root, dataDir })]);
if (platform !== undefined && platform.url === undefined)
  console.log('The embedded reference platform did not start; continuing without it.');
const platformUrl = platform?.url;

const devHostArgs = [
  '--import',
  sample,
  ...(phantom ? ['--import', phantom] : []),
  ...(platformUrl ? ['--platform-url', platformUrl] : []),
];
const args =
  binary === undefined
    ? [process.execPath, [`${root}dist/devhost/cli.js`, ...devHostArgs, ...passed]]
    : [binary, [root, ...passed]];
if (binary === undefined && !process.argv.includes('--web')) {
  console.log(
    'Electron binary not installed (npm run electron:fetch gets it); starting the dev host in Chromium instead.',
  );
}
const child = spawn(args[0], args[1], {
  stdio: 'inherit',
  env: { ...process.env, ...(platformUrl ? { MITATE_PLATFORM_URL: platformUrl } : {}) },
});
child.on('exit', (code) => {
  platform?.child.kill('SIGTERM');
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
