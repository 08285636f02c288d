// `npm run package:dir`: builds the app and packs it, unpacked, for Linux x64 with
// electron-builder, using a stub Electron distribution (the real binary cannot be downloaded on
// our CI). Everything electron-builder does for an installer happens except the binary itself:
// the file selection, the asar archive with native modules unpacked, and the fuses flipped in
// the (stub) executable. test/unit/build/deployPackage.test.ts opens the result and checks it.
//
// The stub executable carries Electron's fuse wire (sentinel, version, 8 fuses as Electron
// ships them) so @electron/fuses flips it exactly as in a real binary.
//
//   --no-build           pack the existing dist/ (the caller built it under the build lock)
//   --out DIR            output folder (default: release/)
//   --check-fuses DIR    only check the fuses of every packaged executable under DIR (release
//                        workflow, after electron-builder); exit 1 if one is not as configured
// Prints one JSON line: { "appDir": ..., "asar": ..., "executable": ... }.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    'check-fuses': { type: 'string' },
  },
});

/** electron-builder.yml's electronFuses names, as @electron/fuses V1 numbers them. */
const FUSE_INDEX = {
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
};

/** The wire's bytes: ASCII '1' and '0' (@electron/fuses FuseState.ENABLE / DISABLE). */
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

/** Compares an executable's fuse wire with the configuration; returns the mismatching fuse names. */
export async function fuseMismatches(executable) {
  const { parse } = await import('yaml');
  const { getCurrentFuseWire } = await import('@electron/fuses');
  const config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8'));
  const wire = await getCurrentFuseWire(executable);
  return Object.entries(config.electronFuses)
    .filter(([name, wanted]) => wire[FUSE_INDEX[name]] !== (wanted ? FUSE_ON : FUSE_OFF))
    .map(([name]) => name);
}

if (values['check-fuses'] !== undefined) {
  const { readdir } = await import('node:fs/promises');
  const dir = values['check-fuses'];
  const candidates = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/-unpacked$|^mac/.test(entry.name)) continue;
    const unpacked = join(dir, entry.name);
    for (const name of await readdir(unpacked)) {
      if (name === 'mitate' || name === 'Mitate.exe') candidates.push(join(unpacked, name));
      if (name.endsWith('.app'))
        candidates.push(join(unpacked, name, 'Contents', 'MacOS', name.replace(/\.app$/, '')));
    }
  }
  let bad = candidates.length === 0;
  for (const executable of candidates) {
    const wrong = await fuseMismatches(executable);
    process.stdout.write(
      `${JSON.stringify({ executable, fusesAsConfigured: wrong.length === 0, wrong })}\n`,
    );
    if (wrong.length > 0) bad = true;
  }
  process.exit(bad ? 1 : 0);
}

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in @electron/fuses V1 order: RunAsNode … GrantFileProtocolExtraPrivileges. */
const SHIPPED_FUSES = '10110001';

async function stubElectronDist() {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-electron-stub-'));
  const script = `#!/bin/sh\necho "stub Electron for packaging tests; not runnable" >&2\nexit 1\n`;
  const wire = Buffer.concat([
    Buffer.from(`# ${FUSE_SENTINEL}`),
    Buffer.from([1, SHIPPED_FUSES.length]),
    Buffer.from(`${SHIPPED_FUSES}\n`),
  ]);
  await writeFile(join(dir, 'electron'), Buffer.concat([Buffer.from(script), wire]));
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'LICENSE'), 'stub\n');
  await writeFile(join(dir, 'version'), '0.0.0-stub\n');
  await mkdir(join(dir, 'resources'));
  await mkdir(join(dir, 'locales'));
  for (const locale of ['ja', 'en-US', 'de'])
    await writeFile(join(dir, 'locales', `${locale}.pak`), 'stub');
  return dir;
}

if (!values['no-build']) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const output = values.out ?? join(root, 'release');
const electronDist = await stubElectronDist();
try {
  const { build, Platform, Arch } = await import('electron-builder');
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    config: {
      electronDist,
      electronVersion: packageJson.devDependencies.electron.replace(/^[^\d]*/, ''),
      directories: { output },
    },
  });
} finally {
  await rm(electronDist, { recursive: true, force: true });
}
const appDir = join(output, 'linux-unpacked');
process.stdout.write(
  `${JSON.stringify({ appDir, asar: join(appDir, 'resources', 'app.asar'), executable: join(appDir, 'mitate') })}\n`,
);
