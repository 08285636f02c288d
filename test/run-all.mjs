// `npm test`: every check and every test, on a fresh machine too.
// 0. runs on Node 22 (scripts/node22.mjs: this machine's, or fetched from the npm registry) and
//    says which;
// 1. checks (and, as root on Debian, installs) the system packages the tests need;
// 2. type-checks, lints and builds; 3. runs the unit tests (vitest) and the end-to-end tests
// (Playwright in Debian's Chromium); 4. prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onNode22 } from '../scripts/node22.mjs';

await onNode22(import.meta.url);
// `--typecheck-only`: stop after the type check (shows the Node switch without the whole run).
const typecheckOnly = process.argv.includes('--typecheck-only');

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}test-results`;
const SYSTEM_NEEDS = [
  {
    binary: '/usr/bin/chromium',
    apt: 'chromium',
    why: 'end-to-end tests run the renderer in Chromium',
  },
  {
    binary: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    apt: 'fonts-noto-cjk',
    why: 'screenshots show Japanese text',
  },
  {
    binary: '/usr/bin/dbus-run-session',
    apt: 'dbus',
    why: 'keychain tests run in their own D-Bus session',
  },
  {
    binary: '/usr/bin/gnome-keyring-daemon',
    apt: 'gnome-keyring',
    why: 'keychain tests use a real Secret Service',
  },
  {
    binary: '/usr/lib/x86_64-linux-gnu/libsecret-1.so.0',
    apt: 'libsecret-1-0',
    why: 'the keychain module talks to the Secret Service through libsecret',
  },
  {
    binary: '/usr/sbin/Orthanc',
    apt: 'orthanc',
    why: 'the DICOMweb client is tested against a real third-party server',
  },
  {
    binary: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
    apt: 'orthanc-dicomweb',
    why: 'Orthanc serves STOW/QIDO/WADO-RS through this plugin',
  },
  {
    binary: '/usr/bin/dciodvfy',
    apt: 'dicom3tools',
    why: 'written DICOM objects are checked with dciodvfy',
  },
  {
    binary: '/usr/bin/dcmdump',
    apt: 'dcmtk',
    why: 'written DICOM objects are checked with dcmdump and dsrdump',
  },
  {
    binary: '/usr/bin/storescu',
    apt: 'dcmtk',
    why: 'DCMTK is the modality and the reference peer of the DIMSE client and storage SCP tests',
  },
  {
    binary: '/usr/bin/gdcmanon',
    apt: 'libgdcm-tools',
    why: 'the de-identification benchmark compares with gdcmanon',
  },
  {
    binary: '/usr/bin/openssl',
    apt: 'openssl',
    why: 'the audit-forwarding test makes a self-signed TLS certificate',
  },
  {
    binary: '/usr/share/mricron/templates/ch2.nii.gz',
    apt: 'mricron-data',
    why: 'defacing is measured on the Colin27 head',
  },
  {
    binary: '/usr/bin/python3',
    apt: 'python3',
    why: 'policy templates and audit XML are checked with a real XML parser',
  },
];

function run(label, command, args, options = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function ensureSystemNeeds() {
  const missing = SYSTEM_NEEDS.filter((need) => !existsSync(need.binary));
  if (missing.length === 0) return;
  const packages = missing.map((need) => need.apt);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log(`Installing system packages: ${packages.join(' ')}`);
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', ...packages], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  const still = SYSTEM_NEEDS.filter((need) => !existsSync(need.binary));
  if (still.length > 0) {
    for (const need of still)
      console.error(`Missing ${need.binary} (Debian package "${need.apt}"): ${need.why}.`);
    console.error(
      `Install them with: sudo apt-get install -y ${still.map((need) => need.apt).join(' ')}`,
    );
    process.exit(2);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The app's code, then the benchmarks as Node runs them (bench/tsconfig.json). */
function typeCheck() {
  const app = run('Type check', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  const benchmarks = run('Type check (benchmarks)', process.execPath, [
    'scripts/typecheck-bench.mjs',
  ]);
  return app && benchmarks;
}

if (typecheckOnly) process.exit(typeCheck() ? 0 : 1);
ensureSystemNeeds();
rmSync(results, { recursive: true, force: true });
const steps = [];
steps.push(['typecheck', typeCheck()]);
steps.push(['lint', run('Lint', npm, ['run', 'lint'])]);
const built = run('Build', process.execPath, ['scripts/build.mjs', '--quiet']);
steps.push(['build', built]);
// Unit and end-to-end tests run inside their own D-Bus session with an unlocked, throw-away
// gnome-keyring, so keychain code meets the real Secret Service and never the user's keyring.
const withKeyring = `${root}test/support/with-keyring.sh`;
run('Unit tests (vitest)', withKeyring, [
  npx,
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${results}/vitest.json`,
]);
if (built) {
  run(
    'End-to-end tests (Playwright, Chromium)',
    withKeyring,
    [npx, 'playwright', 'test', '--reporter=list,json'],
    {
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json` },
    },
  );
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(`${results}/vitest.json`);
if (vitest === undefined) failed++;
else {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + (vitest.numFailedTestSuites ?? 0);
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
const playwright = readJson(`${results}/playwright.json`);
if (playwright === undefined) failed++;
else {
  passed += playwright.stats.expected;
  failed += playwright.stats.unexpected + playwright.stats.flaky;
  skipped += playwright.stats.skipped;
}
for (const [name, ok] of steps) {
  if (ok) continue;
  failed++;
  console.log(`${name} failed`);
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
