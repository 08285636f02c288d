// The tests and benchmarks run on Node 22: Electron 45's main process runs Node 22, the
// dependencies (electron, oidc-provider, dcmjs, node-abi) declare it, and the benchmarks are
// TypeScript that Node runs by stripping the types (on by default from 22.18). A machine with an
// older Node (CI images often have 20) still runs `npm test` and `npm run bench`: the official
// Node 22 binary is fetched from the npm registry (packages node-<os>-<arch>) with the machine's
// own npm, kept in .cache/node22/, and the script runs again with it first on PATH, so every
// child (`npx tsc`, vitest, Playwright, the dev host) runs on it too.
//
// As a command: `node scripts/node22.mjs <script> [args...]` runs the script on Node 22.
// In a script: `await onNode22(import.meta.url)` at the top; it returns on Node 22, or runs the
// script again on Node 22 and exits with its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, '.cache', 'node22');
/** The oldest Node 22 that strips TypeScript types without a flag. */
const MINIMUM = [22, 18];
const RANGE = `^${MINIMUM.join('.')}.0`;

/** True when `version` ("22.18.0") is a Node 22 at least MINIMUM, or any later major. */
function isEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major === undefined || minor === undefined) return false;
  // 23.0-23.5 needed a flag to strip types; 24 and later strip them by default.
  if (major === 23) return minor >= 6;
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The npm package holding this machine's Node binary, and where the binary is inside it. */
function registryPackage() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (os === undefined || !['x64', 'arm64'].includes(process.arch)) return undefined;
  return {
    name: `node-${os}-${process.arch}`,
    binary: process.platform === 'win32' ? 'bin/node.exe' : 'bin/node',
  };
}

function versionOf(binary) {
  const result = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function newest(versions) {
  const key = (version) =>
    version
      .split('.')
      .map((part) => part.padStart(6, '0'))
      .join('.');
  return versions.sort((a, b) => key(a).localeCompare(key(b))).at(-1);
}

/** A Node 22 fetched earlier, as `{ binary, version }`, or undefined. */
function cached(pkg) {
  if (!existsSync(cacheDir)) return undefined;
  const prefix = `${pkg.name}-`;
  const versions = readdirSync(cacheDir)
    .filter((name) => name.startsWith(prefix) && isEnough(name.slice(prefix.length)))
    .map((name) => name.slice(prefix.length));
  const version = newest(versions);
  if (version === undefined) return undefined;
  const binary = join(cacheDir, `${prefix}${version}`, pkg.binary);
  return existsSync(binary) && versionOf(binary) === version ? { binary, version } : undefined;
}

/** Fetches the newest Node 22 of RANGE with `npm pack` and unpacks it into the cache. */
function fetchFromRegistry(pkg) {
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'fetch-'));
  try {
    console.error(
      `Fetching Node ${RANGE} (${pkg.name}) from the npm registry into ${relative(root, cacheDir)}/ …`,
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = spawnSync(
      npm,
      ['pack', `${pkg.name}@${RANGE}`, '--json', '--silent', '--pack-destination', work],
      {
        encoding: 'utf8',
        shell: process.platform === 'win32',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (packed.status !== 0)
      return {
        missing: `npm could not fetch ${pkg.name}@${RANGE} from the registry (exit ${packed.status ?? packed.error?.message})`,
      };
    const [tarball] = JSON.parse(packed.stdout);
    const unpacked = spawnSync('tar', ['-xzf', join(work, tarball.filename), '-C', work], {
      stdio: 'inherit',
    });
    if (unpacked.status !== 0) return { missing: `tar could not unpack ${tarball.filename}` };
    const target = join(cacheDir, `${pkg.name}-${tarball.version}`);
    rmSync(target, { recursive: true, force: true });
    renameSync(join(work, 'package'), target);
    const binary = join(target, pkg.binary);
    const version = versionOf(binary);
    if (version === undefined || !isEnough(version))
      return { missing: `${binary} does not run on this machine` };
    return { binary, version };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The Node to run the project on: this one when it is new enough, else a cached or freshly
 * fetched Node 22. `{ binary, version }`, or `{ missing }` saying what could not be had.
 */
export function findNode22() {
  if (isEnough(process.versions.node))
    return { binary: process.execPath, version: process.versions.node };
  const pkg = registryPackage();
  if (pkg === undefined)
    return {
      missing: `the npm registry has no Node binary package for ${process.platform}-${process.arch}`,
    };
  return cached(pkg) ?? fetchFromRegistry(pkg);
}

/** "Node v22.23.5 (from the npm registry, …)" or "Node v22.23.5 (this machine's)", for logs. */
export function describe(node) {
  const fromCache = !relative(cacheDir, node.binary).startsWith('..');
  return `Node v${node.version} (${fromCache ? `from the npm registry, ${relative(root, dirname(dirname(node.binary)))}` : "this machine's"})`;
}

/** Runs `script` with `args` on `node`, with its folder first on PATH; returns the exit code. */
export function runOn(node, script, args) {
  const env = {
    ...process.env,
    PATH: `${dirname(node.binary)}${delimiter}${process.env.PATH ?? ''}`,
  };
  const result = spawnSync(node.binary, [script, ...args], { stdio: 'inherit', env });
  if (result.error !== undefined)
    console.error(`Could not start ${node.binary}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Says what is missing and how to get past it, then exits with 2. */
function giveUp(missing) {
  console.error(
    `Node >= ${MINIMUM.join('.')} is needed (this is Node v${process.versions.node}), and ${missing}.`,
  );
  console.error('Install Node 22 (https://nodejs.org) and run the command again.');
  process.exit(2);
}

/**
 * Called at the top of a script with its import.meta.url: on Node 22 prints which Node runs and
 * returns; otherwise runs the same script on Node 22 (fetching it if needed) and exits with its
 * exit code.
 */
export async function onNode22(scriptUrl) {
  if (isEnough(process.versions.node)) {
    console.error(describe({ binary: process.execPath, version: process.versions.node }));
    return;
  }
  const node = findNode22();
  if (node.missing !== undefined) giveUp(node.missing);
  process.exit(runOn(node, fileURLToPath(scriptUrl), process.argv.slice(2)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [script, ...args] = process.argv.slice(2);
  if (script === undefined) {
    console.error('usage: node scripts/node22.mjs <script> [args...]');
    process.exit(2);
  }
  const node = findNode22();
  if (node.missing !== undefined) giveUp(node.missing);
  console.error(describe(node));
  process.exit(runOn(node, script, args));
}
