import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../main/audit/auditChain.js';
import { FileAuditLog } from '../../../../main/audit/fileAuditLog.js';
import { dispatch } from '../../../../main/dispatch.js';
import { createHandlers } from '../../../../main/handlers.js';
import { checkPolicy, POLICY_KEYS } from '../../../../main/policy/managedPolicy.js';
import { ManagedSettings } from '../../../../main/policy/managedSettings.js';
import { recordPolicyProblems } from '../../../../main/audit/policyAlerts.js';
import {
  policyFromManagedPreferences,
  readPolicyFile,
  readWindowsPolicy,
} from '../../../../main/policy/readManagedPolicy.js';
import { parseRegQuery, registryToPolicyObject } from '../../../../main/policy/windowsRegistry.js';
import { applyDeidentificationFloor } from '../../../../main/policy/deidentificationFloor.js';
import { updatePlan } from '../../../../main/policy/updatePlan.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { repoRoot, testData } from '../../../support/paths.js';

const example = JSON.parse(
  await readFile(join(repoRoot, 'build/policy/policy.example.json'), 'utf8'),
) as Record<string, unknown>;

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mitate-policy-'));
}

describe('managed policy values', () => {
  it('accepts the documented example with every key', () => {
    const reading = checkPolicy(example, 'example');
    expect(reading.problems).toEqual([]);
    expect(Object.keys(reading.policy).sort()).toEqual([...POLICY_KEYS].sort());
    expect(reading.policy.auditForwarding).toEqual({ host: 'audit.example.jp', port: 6514 });
  });

  it('drops each bad value on its own and keeps the rest, naming keys but never values', () => {
    const reading = checkPolicy(
      {
        ...example,
        platformUrl: 'http://platform.example.jp',
        idleLockMinutes: 0,
        updateMode: 'sometimes',
        pinnedCatalogKeys: ['short'],
        deidentification: { require: ['retainUIDs'] },
        proxy: { mode: 'fixed' },
        auditForwarding: { host: 'audit.example.jp; rm -rf /', port: 6514 },
        colour: 'blue',
      },
      '/etc/mitate/policy.json',
    );
    expect(Object.keys(reading.policy).sort()).toEqual([
      'allowedServices',
      'locale',
      'pacsLocalAe',
      'pacsNodes',
      'updateUrl',
    ]);
    expect(reading.problems.map((p) => `${p.key}:${p.problem}`).sort()).toEqual(
      [
        'auditForwarding',
        'deidentification',
        'idleLockMinutes',
        'pinnedCatalogKeys',
        'platformUrl',
        'proxy',
        'updateMode',
      ]
        .map((key) => `${key}:invalid-value`)
        .concat('colour:unknown-key')
        .sort(),
    );
    expect(JSON.stringify(reading.problems)).not.toContain('rm -rf');
  });

  it('allows http only for a platform on this machine', () => {
    expect(checkPolicy({ platformUrl: 'http://127.0.0.1:8443' }, 't').problems).toEqual([]);
    expect(
      checkPolicy({ platformUrl: 'https://user:pw@platform.example.jp' }, 't').problems,
    ).toHaveLength(1);
  });

  it('reports a source that is not an object', () => {
    expect(checkPolicy(['platformUrl'], 's')).toEqual({
      policy: {},
      problems: [{ source: 's', key: '*', problem: 'not-an-object' }],
    });
  });
});

describe('Linux policy file', () => {
  it('is no policy when absent', async () => {
    expect(await readPolicyFile(join(await tempDir(), 'policy.json'))).toEqual({
      policy: {},
      problems: [],
    });
  });

  it('reads a valid file', async () => {
    const file = join(await tempDir(), 'policy.json');
    await writeFile(file, JSON.stringify({ idleLockMinutes: 5, updateMode: 'none' }), {
      mode: 0o644,
    });
    expect(await readPolicyFile(file)).toEqual({
      policy: { idleLockMinutes: 5, updateMode: 'none' },
      problems: [],
    });
  });

  it('reports a damaged file instead of failing', async () => {
    const file = join(await tempDir(), 'policy.json');
    await writeFile(file, '{ "idleLockMinutes": 5, ', { mode: 0o644 });
    expect(await readPolicyFile(file)).toEqual({
      policy: {},
      problems: [{ source: file, key: '*', problem: 'unreadable' }],
    });
  });

  it('ignores a file that others than its owner may write', async () => {
    const file = join(await tempDir(), 'policy.json');
    await writeFile(file, JSON.stringify({ idleLockMinutes: 5 }));
    await chmod(file, 0o666);
    expect((await readPolicyFile(file)).policy).toEqual({});
    expect((await readPolicyFile(file)).problems).toHaveLength(1);
  });
});

describe('Windows registry policy (recorded reg query output)', () => {
  const hklm = readFile(testData('policy/reg-query-hklm.txt'), 'utf8');
  const hkcu = readFile(testData('policy/reg-query-hkcu.txt'), 'utf8');

  it('maps values, subkeys and ADMX lists to the policy shape', async () => {
    const tree = parseRegQuery(await hklm, 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Mitate');
    expect(registryToPolicyObject(tree)).toEqual({
      platformUrl: 'https://ai-platform.example.jp',
      idleLockMinutes: 10,
      updateMode: 'manual',
      locale: 'en',
      allowedServices: ['aneurysm-mra', 'brain volumetry v2'],
      auditForwarding: {
        host: 'audit.example.jp',
        port: 6510,
        caFile: 'C:\\ProgramData\\Hospital\\audit-ca.pem',
      },
      deidentification: { forbid: ['retainUIDs'], require: ['cleanDescriptors', 'cleanPixelData'] },
      proxy: { mode: 'fixed', server: 'proxy.example.jp:8080', bypass: '' },
    });
  });

  it('lets machine policy win over user policy, key by key, and reports bad user values', async () => {
    const texts = { HKLM: await hklm, HKCU: await hkcu };
    const reading = await readWindowsPolicy(async (hive) => texts[hive]);
    expect(reading.policy.locale).toBe('en');
    expect(reading.policy.idleLockMinutes).toBe(10);
    expect(reading.policy.updateMode).toBe('manual');
    expect(reading.policy.pinnedCatalogKeys).toEqual([
      'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
      'A'.repeat(43),
    ]);
    expect(reading.problems).toEqual([
      { source: 'HKCU\\Software\\Policies\\Mitate', key: 'updateMode', problem: 'invalid-value' },
    ]);
  });

  it('treats a missing key as no policy and a failing reg as a problem', async () => {
    expect(await readWindowsPolicy(async () => '')).toEqual({ policy: {}, problems: [] });
    const failing = await readWindowsPolicy(async () => {
      throw new Error('reg failed');
    });
    expect(failing.problems.map((p) => p.key)).toEqual(['*', '*']);
  });
});

describe('policy templates', () => {
  const admx = readFile(join(repoRoot, 'build/policy/Mitate.admx'), 'utf8');
  const adml = (lang: string) =>
    readFile(join(repoRoot, `build/policy/${lang}/Mitate.adml`), 'utf8');

  it('are well-formed XML', () => {
    const files = [
      'Mitate.admx',
      'en-US/Mitate.adml',
      'ja-JP/Mitate.adml',
      'macos/jp.mitate.viewer.mobileconfig',
    ].map((file) => join(repoRoot, 'build/policy', file));
    // Python's XML parser throws (and python3 exits non-zero) on any file that is not well-formed.
    execFileSync('python3', [
      '-c',
      'import sys, xml.etree.ElementTree as E; [E.parse(f) for f in sys.argv[1:]]',
      ...files,
    ]);
  });

  it('cover every policy key, each under Software\\Policies\\Mitate', async () => {
    const text = await admx;
    const keys = [...text.matchAll(/key="([^"]+)"/g)].map((m) => m[1]!);
    expect(keys.every((key) => key.startsWith('Software\\Policies\\Mitate'))).toBe(true);
    const names = new Set([
      ...[...text.matchAll(/valueName="([^"]+)"/g)].map((m) => m[1]!.toLowerCase()),
      ...keys.map((key) => key.split('\\')[3]?.toLowerCase()),
    ]);
    for (const key of POLICY_KEYS) expect(names.has(key.toLowerCase()), key).toBe(true);
  });

  it('have every string and presentation in Japanese and English', async () => {
    const text = await admx;
    const strings = new Set([...text.matchAll(/\$\(string\.(\w+)\)/g)].map((m) => m[1]!));
    const presentations = new Set(
      [...text.matchAll(/\$\(presentation\.(\w+)\)/g)].map((m) => m[1]!),
    );
    const refIds = new Set(
      [...text.matchAll(/<(?:text|list|decimal|enum) id="(\w+)"/g)].map((m) => m[1]!),
    );
    for (const lang of ['en-US', 'ja-JP']) {
      const resources = await adml(lang);
      for (const id of strings)
        expect(resources, `${lang} string ${id}`).toContain(`<string id="${id}">`);
      for (const id of presentations)
        expect(resources, `${lang} presentation ${id}`).toContain(`<presentation id="${id}">`);
      for (const id of refIds) expect(resources, `${lang} refId ${id}`).toContain(`refId="${id}"`);
    }
    expect(await adml('ja-JP')).toContain('無操作時の画面ロック');
  });

  it('macOS profile example carries a valid policy payload', () => {
    const json = execFileSync(
      'python3',
      [
        '-c',
        'import sys, json, plistlib; print(json.dumps(plistlib.load(open(sys.argv[1], "rb"))["PayloadContent"][0]))',
        join(repoRoot, 'build/policy/macos/jp.mitate.viewer.mobileconfig'),
      ],
      { encoding: 'utf8' },
    );
    const reading = policyFromManagedPreferences(JSON.parse(json), 'profile');
    expect(reading.problems).toEqual([]);
    expect(reading.policy).toEqual(checkPolicy(example, 'example').policy);
  });
});

describe('settings under policy', () => {
  it('shows the policy value, refuses to change it, and still lets the user change the rest', async () => {
    const dir = await tempDir();
    const store = new SettingsStore(dir);
    await store.update({ locale: 'ja' });
    const settings = new ManagedSettings(store, { locale: 'en', idleLockMinutes: 5 });
    expect(await settings.get()).toEqual({ locale: 'en' });
    await expect(settings.update({ locale: 'ja' })).rejects.toMatchObject({
      code: 'setting_locked',
      detail: 'locale',
    });
    expect(settings.view()).toEqual({ locked: ['locale', 'idleLockMinutes'], idleLockMinutes: 5 });
    const free = new ManagedSettings(store, {});
    expect(await free.update({ locale: 'en' })).toEqual({ locale: 'en' });
  });

  it('ignores a setting sent as undefined instead of erasing it (found by the IPC fuzzer)', async () => {
    const store = new SettingsStore(await tempDir());
    const settings = new ManagedSettings(store, {});
    await settings.update({ locale: 'en' });
    expect(await settings.update({ locale: undefined } as unknown as { locale: 'ja' })).toEqual({
      locale: 'en',
    });
  });

  it('answers through the contract with a typed error for a locked setting', async () => {
    const dataDir = await tempDir();
    const { handlers } = createHandlers({
      info: {
        name: 'Mitate',
        version: '0',
        host: 'devhost',
        platform: 'linux',
        nativeDialogs: false,
      },
      dataDir,
      settings: new SettingsStore(dataDir),
      policy: { locale: 'en', updateMode: 'none' },
      emit: () => undefined,
    });
    expect(await dispatch(handlers, 'settings.get', {})).toEqual({
      ok: true,
      value: { locale: 'en' },
    });
    expect(await dispatch(handlers, 'settings.update', { locale: 'ja' })).toEqual({
      ok: false,
      error: { code: 'setting_locked', detail: 'locale' },
    });
    expect(await dispatch(handlers, 'settings.managed', {})).toEqual({
      ok: true,
      value: { locked: ['locale', 'updateMode'], updateMode: 'none' },
    });
  });

  it('records each policy problem as a security alert in the audit trail', async () => {
    const log = new FileAuditLog({
      file: join(await tempDir(), 'audit.jsonl'),
      application: 'Mitate test',
    });
    await recordPolicyProblems(
      log,
      checkPolicy({ idleLockMinutes: -1, colour: 'blue' }, '/etc/mitate/policy.json'),
    );
    const text = await readFile(log.file, 'utf8');
    expect(verifyChain(text)).toMatchObject({ ok: true, entries: 2 });
    const entries = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries[0]).toMatchObject({
      event: { code: '110113' },
      outcome: 8,
      reason: 'policy_invalid',
      detail: { key: 'idleLockMinutes', source: '/etc/mitate/policy.json' },
    });
    expect(entries[1]).toMatchObject({ reason: 'policy_unknown_key', detail: { key: 'colour' } });
  });
});

describe('update mode from policy', () => {
  const packaged = { packaged: true };

  it('checks in the background by default and installs on quit', () => {
    expect(updatePlan(undefined, packaged)).toEqual({
      checkAtStart: true,
      recheckHours: 4,
      autoDownload: true,
      installOnQuit: true,
      userMayCheck: true,
    });
    expect(updatePlan('default', packaged)).toEqual(updatePlan(undefined, packaged));
  });

  it('checks only at start, only by hand, or never, as the policy says', () => {
    expect(updatePlan('start', packaged)).toMatchObject({
      checkAtStart: true,
      recheckHours: null,
      autoDownload: true,
    });
    expect(updatePlan('manual', packaged)).toMatchObject({
      checkAtStart: false,
      recheckHours: null,
      autoDownload: false,
      userMayCheck: true,
    });
    expect(updatePlan('none', packaged)).toEqual({
      checkAtStart: false,
      recheckHours: null,
      autoDownload: false,
      installOnQuit: false,
      userMayCheck: false,
    });
  });

  it('never updates a development run or a deb/rpm install (the package manager does)', () => {
    expect(updatePlan('default', { packaged: false }).checkAtStart).toBe(false);
    expect(updatePlan('default', { packaged: true, packageFormat: 'deb' }).userMayCheck).toBe(
      false,
    );
    expect(updatePlan('default', { packaged: true, packageFormat: 'rpm' }).autoDownload).toBe(
      false,
    );
    expect(updatePlan('default', { packaged: true, packageFormat: 'AppImage' }).checkAtStart).toBe(
      true,
    );
  });
});

describe('minimum de-identification from policy', () => {
  const policy = {
    deidentification: {
      require: ['cleanDescriptors', 'cleanPixelData'] as const,
      forbid: ['retainUIDs'] as const,
    },
  };

  it('adds the options the policy requires to what the service asks for', () => {
    expect(
      applyDeidentificationFloor(['cleanGraphics', 'cleanDescriptors'], {
        deidentification: { require: [...policy.deidentification.require] },
      }),
    ).toEqual({
      ok: true,
      options: ['cleanGraphics', 'cleanDescriptors', 'cleanPixelData'],
    });
  });

  it('refuses a service that asks for a retain option the policy forbids', () => {
    expect(
      applyDeidentificationFloor(['retainUIDs', 'retainLongitudinalModifiedDates'], {
        deidentification: { forbid: [...policy.deidentification.forbid] },
      }),
    ).toEqual({ ok: false, forbidden: ['retainUIDs'] });
  });

  it('leaves the service options alone without a policy', () => {
    expect(applyDeidentificationFloor(['retainUIDs'], {})).toEqual({
      ok: true,
      options: ['retainUIDs'],
    });
  });
});
