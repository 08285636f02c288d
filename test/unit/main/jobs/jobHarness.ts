/**
 * What the send/receive tests share: a small phantom MRA made by the platform's own command and
 * given a realistic set of identifiers (dcmodify), and a JobRunner wired as the app wires it,
 * with the real OS keychain (run inside test/support/with-keyring.sh) and a real vault.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { bundlePlatformCli } from '../../../support/platformCommand.js';
import { DicomwebClient } from '../../../../main/dicomweb/dicomwebClient.js';
import { JobRunner } from '../../../../main/jobs/jobRunner.js';
import type { JobRunnerOptions } from '../../../../main/jobs/jobRunnerOptions.js';
import type { SendJob } from '../../../../main/jobs/sendJob.js';
import { osKeychain, type Keychain } from '../../../../main/keychain/keychain.js';
import { loadPseudonymKeys } from '../../../../main/vault/pseudonymSecret.js';
import { PseudonymVault } from '../../../../main/vault/pseudonymVault.js';
import { repoRoot } from '../../../support/paths.js';

/** The identifiers planted in the phantom: none of them may ever leave the machine. */
export const IDENTIFIERS = {
  patientName: 'YAMADA^TARO',
  patientId: 'PID-4471-0923',
  birthDate: '19580317',
  accessionNumber: 'ACC-20261122-77',
  institution: 'Mitate Clinic Setagaya',
};

export interface Phantom {
  folder: string;
  files: string[];
  studyInstanceUid: string;
  /** Every original UID: study, series, SOP instances, frame of reference. */
  uids: string[];
}

let cli: Promise<string> | undefined;

/**
 * `mitate-platform` bundled for this test process (beside node_modules, so its packages resolve):
 * the same entry as `npx mitate-platform`, but never the shared dist/ bundle, which a build
 * running at the same time may delete.
 */
export function platformCli(): Promise<string> {
  cli ??= (async () => {
    const folder = join(repoRoot, 'node_modules', '.cache', 'mitate-jobs-test');
    await mkdir(folder, { recursive: true });
    const outfile = join(folder, `cli-${process.pid}-${randomBytes(3).toString('hex')}.js`);
    return bundlePlatformCli(outfile, { sourcemap: false, logLevel: 'error' });
  })();
  return cli;
}

/** Deletes this test file's bundle (call in afterAll). */
export async function removePlatformCli(): Promise<void> {
  if (cli !== undefined) rmSync(await cli, { force: true });
  cli = undefined;
}

export async function makePhantom(seed: number): Promise<Phantom> {
  const folder = await mkdtemp(join(tmpdir(), 'mitate-jobs-phantom-'));
  execFileSync(
    process.execPath,
    [
      await platformCli(),
      'phantom',
      '--seed',
      String(seed),
      '--out',
      folder,
      '--size',
      '64x64x100',
    ],
    { cwd: repoRoot, stdio: 'ignore' },
  );
  const files = (await readdir(folder))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => join(folder, name));
  execFileSync('dcmodify', [
    '-nb',
    '-q',
    '-i',
    `(0010,0010)=${IDENTIFIERS.patientName}`,
    '-i',
    `(0010,0020)=${IDENTIFIERS.patientId}`,
    '-i',
    `(0010,0030)=${IDENTIFIERS.birthDate}`,
    '-i',
    `(0008,0050)=${IDENTIFIERS.accessionNumber}`,
    '-i',
    `(0008,0080)=${IDENTIFIERS.institution}`,
    ...files,
  ]);
  const uids = new Set<string>();
  let studyInstanceUid = '';
  for (const file of files) {
    const parsed = dicomParser.parseDicom(new Uint8Array(await readFile(file)), {
      untilTag: 'x7fe00010',
    });
    for (const key of ['x0020000d', 'x0020000e', 'x00080018', 'x00200052']) {
      const uid = parsed.string(key)?.trim();
      if (uid) uids.add(uid);
    }
    studyInstanceUid = parsed.string('x0020000d')!.trim();
  }
  return { folder, files, studyInstanceUid, uids: [...uids] };
}

export interface TestRunner {
  runner: JobRunner;
  changes: SendJob[];
  keychain: Keychain;
}

/** A runner as the app builds it; `keychain` to share one between an app "before" and "after" a restart. */
export function makeRunner(
  options: {
    dataDir: string;
    files: string[];
    token: () => string;
    keychain?: Keychain;
  } & Partial<JobRunnerOptions>,
): TestRunner {
  const keychain =
    options.keychain ?? osKeychain(`MitateJobsTest-${randomBytes(6).toString('hex')}`);
  let vault: Promise<PseudonymVault> | undefined;
  const changes: SendJob[] = [];
  const runner = new JobRunner({
    client: (destination) =>
      new DicomwebClient({ baseUrl: destination, accessToken: options.token }),
    filesOf: async () => options.files,
    keys: () => loadPseudonymKeys(keychain),
    vault: () => (vault ??= PseudonymVault.open(join(options.dataDir, 'vault'), keychain)),
    backoff: { baseMs: 50, maxMs: 400, giveUpAfterMs: 60_000 },
    pollMs: { withChannel: 2_000, withoutChannel: 300 },
    onChange: (job) => changes.push(job),
    ...options,
  });
  return { runner, changes, keychain };
}

export async function waitFor<T>(what: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  for (let waited = 0; waited < timeoutMs; waited += 25) {
    const value = what();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}
