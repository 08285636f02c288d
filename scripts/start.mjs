// `npm start`: the desktop app where the Electron binary is present, otherwise the dev host in a
// Chromium app window, with the sample study opened so there is something to read at once, and
// the reference platform running beside it (with a sample MRA phantom made on first start).
// The command line is parsed first (scripts/startOptions.mjs): `--help` and a mistyped option
// end here, before the build, the platform or a window starts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { samplePhantom, startEmbeddedPlatform } from './embeddedPlatform.mjs';
import { hasDisplay, parseStartOptions, usage } from './startOptions.mjs';

const parsed = parseStartOptions(process.argv.slice(2));
if ('help' in parsed) {
  process.stdout.write(usage());
  process.exit(0);
}
if ('error' in parsed) {
  process.stderr.write(`npm start: ${parsed.error}\nSee the options with: npm start -- --help\n`);
  process.exit(2);
}
const options = parsed.values;

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = `${root}test/data/mr-head-t1-siemens-xa30-classic`;

if (!options['no-build']) {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    process.stderr.write('npm start: the build failed (see above); nothing was started.\n');
    process.exit(1);
  }
}

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

const display = hasDisplay();
// Electron cannot start without a display; the dev host can serve its web UI all the same.
const binary = options.web || !display ? undefined : electronBinary();
const dataDir = resolve(options['data-dir'] ?? join(homedir(), '.mitate-dev'));

// The reference platform runs beside the app on loopback (scripts/embeddedPlatform.mjs).
const [platform, phantom] = options['no-platform']
  ? [undefined, undefined]
  : await Promise.all([startEmbeddedPlatform({ root, dataDir }), samplePhantom({ root, dataDir })]);
if (platform !== undefined && platform.url === undefined)
  console.log('The embedded reference platform did not start; continuing without it.');
const platformUrl = platform?.url;

const imports = [sample, ...(phantom ? [phantom] : []), ...(options.import ?? [])];
const devHostArgs = [
  '--data-dir',
  dataDir,
  ...imports.flatMap((path) => ['--import', path]),
  ...(platformUrl ? ['--platform-url', platformUrl] : []),
  ...(options.port === undefined ? [] : ['--port', options.port]),
  ...(options.policy === undefined ? [] : ['--policy', options.policy]),
  ...(options['no-open'] || !display ? ['--no-open'] : []),
];
if (binary === undefined) {
  if (!display)
    console.log(
      'No display is available (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window is opened: Mitate serves its web UI on this machine instead.',
    );
  else if (!options.web)
    console.log(
      'Electron binary not installed (npm run electron:fetch gets it); starting the dev host in Chromium instead.',
    );
}
const args =
  binary === undefined
    ? [process.execPath, [`${root}dist/devhost/cli.js`, ...devHostArgs]]
    : [binary, [root]];
const child = spawn(args[0], args[1], {
  stdio: 'inherit',
  env: { ...process.env, ...(platformUrl ? { MITATE_PLATFORM_URL: platformUrl } : {}) },
});
child.on('exit', (code) => {
  platform?.child.kill('SIGTERM');
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
