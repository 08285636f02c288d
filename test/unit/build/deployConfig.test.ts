/**
 * The packaging configuration and the release workflow, checked here because the installers
 * themselves can only be built on hosted runners: electron-builder's own schema validation,
 * the targets hospital IT needs, signing only from the environment, and the workflow's jobs
 * and the secrets it names.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../support/paths.js';

const config = parse(
  await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8'),
) as Configuration & Record<string, unknown>;
const workflowText = await readFile(join(repoRoot, '.github/workflows/release.yml'), 'utf8');
const workflow = parse(workflowText) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      needs?: string;
      'runs-on': string;
      env?: Record<string, string>;
      strategy?: { matrix: { include: { os: string; platform: string }[] } };
      steps: { run?: string; uses?: string; if?: string; env?: Record<string, string> }[];
    }
  >;
};

function targetsOf(platform: 'win' | 'mac' | 'linux'): string[] {
  const section = config[platform] as { target: (string | { target: string })[] };
  return section.target.map((target) => (typeof target === 'string' ? target : target.target));
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The validator does reject what electron-builder would not understand.
    await expect(
      validateConfiguration(
        { ...config, nsis: { oneClick: 'sometimes' } } as unknown as Configuration,
        new DebugLogger(false),
      ),
    ).rejects.toThrow();
  });

  it('builds the installers hospital IT deploys', () => {
    expect(targetsOf('win').sort()).toEqual(['msi', 'nsis']);
    expect(targetsOf('mac').sort()).toEqual(['dmg', 'zip']);
    expect(targetsOf('linux').sort()).toEqual(['AppImage', 'deb', 'rpm', 'tar.gz'].sort());
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.msi?.upgradeCode).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('signs and notarises from environment variables only, with the hardened runtime', async () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const text = await readFile(join(repoRoot, file!), 'utf8');
      expect(text).toContain('com.apple.security.cs.allow-jit');
      expect(text).not.toMatch(
        /disable-library-validation<|allow-unsigned-executable-memory<|allow-dyld-environment-variables</,
      );
    }
    const azure = config.win?.azureSignOptions as Record<string, string>;
    for (const key of ['endpoint', 'codeSigningAccountName', 'certificateProfileName'])
      expect(azure[key]).toMatch(/^\$\{env\.[A-Z_]+\}$/);
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    // No credential is written into the configuration.
    const text = await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(
      /cscLink|cscKeyPassword|certificatePassword|certificateFile|appleIdPassword|-----BEGIN/,
    );
  });

  it('sets every fuse the issue asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('publishes update metadata where the updater looks for it', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'github' })]);
  });
});

describe('release workflow', () => {
  it('tests first, then packages on Windows, macOS and Linux', () => {
    expect(Object.keys(workflow.on)).toContain('push');
    expect(workflow.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs['test']?.steps.some((step) => step.run === '.ci/run')).toBe(true);
    const pack = workflow.jobs['package']!;
    expect(pack.needs).toBe('test');
    expect(pack.strategy?.matrix.include.map((entry) => entry.os.split('-')[0]).sort()).toEqual([
      'macos',
      'ubuntu',
      'windows',
    ]);
    expect(pack.strategy?.matrix.include.map((entry) => entry.platform).sort()).toEqual([
      '--linux',
      '--mac',
      '--win',
    ]);
    const runs = pack.steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('electron-builder ${{ matrix.platform }} --publish always');
    expect(runs).toContain('scripts/package-dir.mjs --check-fuses release');
    expect(
      pack.steps.find((step) => step.uses?.startsWith('actions/upload-artifact')),
    ).toBeDefined();
  });

  it('names exactly the signing, notarisation and publishing secrets, and holds none', () => {
    const named = new Set(
      [...workflowText.matchAll(/secrets\.([A-Z_]+)/g)].map((match) => match[1]),
    );
    expect([...named].sort()).toEqual(
      [
        'APPLE_API_ISSUER',
        'APPLE_API_KEY',
        'APPLE_API_KEY_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
        'AZURE_TENANT_ID',
        'AZURE_TRUSTED_SIGNING_ACCOUNT',
        'AZURE_TRUSTED_SIGNING_ENDPOINT',
        'AZURE_TRUSTED_SIGNING_PROFILE',
        'CSC_KEY_PASSWORD',
        'CSC_LINK',
        'GITHUB_TOKEN',
        'WIN_CSC_KEY_PASSWORD',
        'WIN_CSC_LINK',
      ].sort(),
    );
    // Every secret reaches a step through env, never pasted into a command line.
    for (const step of workflow.jobs['package']!.steps)
      expect(step.run ?? '', 'secret on a command line').not.toMatch(/secrets\./);
    expect(workflowText).not.toMatch(/-----BEGIN|password:\s*\S+[^}]$/m);
  });
});
