/**
 * Reads the managed policy of this machine from where each operating system keeps it:
 * - Linux: `/etc/mitate/policy.json` (root-owned; ignored as a whole if others may write to it);
 * - Windows: the registry, `HKCU\…` below `HKLM\Software\Policies\Mitate` (machine wins);
 * - macOS: managed preferences of the `jp.mitate.viewer` domain that a configuration profile
 *   installs (`/Library/Managed Preferences/…`), read with `plutil` (they are binary plists).
 * A missing source is no policy; a broken one is reported, never thrown.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { checkPolicy, mergePolicies, type PolicyReading } from './managedPolicy.js';
import {
  parseRegQuery,
  POLICY_KEY_PATH,
  regQuery,
  registryToPolicyObject,
} from './windowsRegistry.js';

export const LINUX_POLICY_FILE = '/etc/mitate/policy.json';
export const MAC_POLICY_DOMAIN = 'jp.mitate.viewer';

const NONE: PolicyReading = { policy: {}, problems: [] };

/** A JSON policy file. Others being able to write it makes it no policy at all (and an alert). */
export async function readPolicyFile(file: string): Promise<PolicyReading> {
  let text: string;
  try {
    const info = await stat(file);
    if (process.platform !== 'win32' && (info.mode & 0o022) !== 0)
      return { policy: {}, problems: [{ source: file, key: '*', problem: 'unreadable' }] };
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NONE;
    return { policy: {}, problems: [{ source: file, key: '*', problem: 'unreadable' }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { policy: {}, problems: [{ source: file, key: '*', problem: 'unreadable' }] };
  }
  return checkPolicy(raw, file);
}

export async function readWindowsPolicy(
  query: (hive: 'HKLM' | 'HKCU') => Promise<string> = regQuery,
): Promise<PolicyReading> {
  const readings: PolicyReading[] = [];
  for (const [hive, root] of [
    ['HKCU', 'HKEY_CURRENT_USER'],
    ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ] as const) {
    const source = `${hive}\\${POLICY_KEY_PATH}`;
    let output: string;
    try {
      output = await query(hive);
    } catch {
      readings.push({ policy: {}, problems: [{ source, key: '*', problem: 'unreadable' }] });
      continue;
    }
    if (output.trim() === '') continue;
    readings.push(
      checkPolicy(
        registryToPolicyObject(parseRegQuery(output, `${root}\\${POLICY_KEY_PATH}`)),
        source,
      ),
    );
  }
  return mergePolicies(readings);
}

function plistAsJson(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/plutil',
      ['-convert', 'json', '-o', '-', file],
      { timeout: 10_000, maxBuffer: 1024 * 1024 },
      (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
    );
  });
}

/** A profile's payload keys (PayloadType, PayloadUUID, …) are not policy; some MDMs copy them in. */
export function policyFromManagedPreferences(raw: unknown, source: string): PolicyReading {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return checkPolicy(raw, source);
  return checkPolicy(
    Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('Payload'))),
    source,
  );
}

export async function readMacPolicy(
  convert: (file: string) => Promise<string> = plistAsJson,
): Promise<PolicyReading> {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // No user name: only the machine-wide preferences apply.
  }
  const files = [
    ...(user === '' ? [] : [`/Library/Managed Preferences/${user}/${MAC_POLICY_DOMAIN}.plist`]),
    `/Library/Managed Preferences/${MAC_POLICY_DOMAIN}.plist`,
  ];
  const readings: PolicyReading[] = [];
  for (const file of files) {
    try {
      await stat(file);
    } catch {
      continue;
    }
    try {
      readings.push(policyFromManagedPreferences(JSON.parse(await convert(file)) as unknown, file));
    } catch {
      readings.push({ policy: {}, problems: [{ source: file, key: '*', problem: 'unreadable' }] });
    }
  }
  return mergePolicies(readings);
}

export interface ReadPolicyOptions {
  platform?: NodeJS.Platform;
  /** Linux policy file; only tests and the dev host set another path. */
  linuxFile?: string;
}

export async function readManagedPolicy(options: ReadPolicyOptions = {}): Promise<PolicyReading> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return readWindowsPolicy();
  if (platform === 'darwin') return readMacPolicy();
  return readPolicyFile(options.linuxFile ?? LINUX_POLICY_FILE);
}
