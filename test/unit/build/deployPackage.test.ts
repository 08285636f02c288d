/**
 * `npm run package:dir` for real: electron-builder packs the built app (dist/, built by
 * `npm test` before the unit tests) for Linux x64 around a stub Electron, and this test opens
 * what came out: the asar's contents, the native modules beside it, the update metadata and
 * the fuses flipped in the executable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../support/paths.js';

let out: string;
let packed: { appDir: string; asar: string; executable: string };
let entries: string[];

beforeAll(async () => {
  if (
    !existsSync(join(repoRoot, 'dist/main/electron.js')) ||
    !existsSync(join(repoRoot, 'dist/renderer/index.html'))
  ) {
    throw new Error(
      'dist/ is not built: run "npm run build" (npm test builds before the unit tests)',
    );
  }
  out = await mkdtemp(join(tmpdir(), 'mitate-package-'));
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'scripts/package-dir.mjs'), '--no-build', '--out', out],
    { cwd: repoRoot, encoding: 'utf8', timeout: 240_000 },
  );
  if (result.status !== 0)
    throw new Error(`package:dir failed:\n${result.stderr}\n${result.stdout}`);
  packed = JSON.parse(result.stdout.trim().split('\n').pop()!);
  entries = asar
    .listPackage(packed.asar, { isPack: false })
    .map((entry) => entry.replaceAll('\\', '/'));
}, 300_000);

afterAll(async () => {
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

/** Packages named in bare imports of a built bundle (node: built-ins and electron excluded). */
function bareImports(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(
    /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']([^"'./][^"']*)["']/g,
  )) {
    const spec = match[1]!;
    if (spec.startsWith('node:') || spec === 'electron') continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return [...names];
}

/** The packages a set of packages needs at run time: dependencies and optional ones, installed. */
async function closure(roots: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    if (seen.has(name) || !existsSync(join(repoRoot, 'node_modules', name, 'package.json'))) return;
    seen.add(name);
    const manifest = JSON.parse(
      await readFile(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'),
    ) as Record<string, Record<string, string> | undefined>;
    for (const dependency of Object.keys({
      ...manifest['dependencies'],
      ...manifest['optionalDependencies'],
    }))
      await visit(dependency);
  };
  for (const name of roots) await visit(name);
  return seen;
}

function packagesIn(list: string[]): Set<string> {
  const names = new Set<string>();
  for (const entry of list) {
    const parts = entry.split('/');
    if (parts[1] !== 'node_modules' || parts[2] === undefined || parts.length < 4) continue;
    names.add(parts[2].startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]);
  }
  names.delete('@napi-rs/');
  return new Set([...names].filter((name) => !name.endsWith('/')));
}

describe('packaged app (npm run package:dir)', () => {
  it('holds the app the package.json names, with its preload and renderer', async () => {
    const manifest = JSON.parse(asar.extractFile(packed.asar, 'package.json').toString('utf8')) as {
      main: string;
      devDependencies?: unknown;
      scripts?: unknown;
    };
    expect(entries).toContain(`/${manifest.main}`);
    expect(entries).toContain('/dist/preload/index.cjs');
    expect(entries).toContain('/dist/renderer/index.html');
  });

  it('holds no tests, test data, dev host, command lines, platform, sources or source maps', () => {
    const forbidden = entries.filter(
      (entry) =>
        /^\/(test|devhost|platform|bench|scripts|main|renderer|preload|build|\.github)\//.test(
          entry,
        ) ||
        /^\/dist\/(devhost|cli|platform|bench)\//.test(entry) ||
        /\.(map|ts|tsx|dcm)$/.test(entry) ||
        /\/(test|tests|__tests__)\//.test(entry),
    );
    expect(forbidden).toEqual([]);
  });

  it('carries no path of the machine that built it', () => {
    const root = repoRoot.replace(/\/$/, '');
    const leaking = entries
      .filter(
        (entry) =>
          /\.(js|cjs|mjs|json|html|css)$/.test(entry) &&
          !asar.statFile(packed.asar, entry.slice(1), false).unpacked,
      )
      .filter((entry) =>
        asar.extractFile(packed.asar, entry.slice(1)).toString('utf8').includes(root),
      );
    expect(leaking).toEqual([]);
  });

  it('ships exactly the packages the main process imports, and what they need', async () => {
    const mainCode = asar.extractFile(packed.asar, 'dist/main/electron.js').toString('utf8');
    const needed = await closure(bareImports(mainCode));
    const shipped = packagesIn(entries);
    expect(
      [...needed].filter((name) => !shipped.has(name)),
      'imported by main but missing: add to files in electron-builder.yml',
    ).toEqual([]);
    expect(
      [...shipped].filter((name) => !needed.has(name)),
      'shipped but not needed: remove from files in electron-builder.yml',
    ).toEqual([]);
    expect(shipped.has('react')).toBe(false);
    expect(shipped.has('oidc-provider')).toBe(false);
  });

  it('unpacks native modules next to the archive, where Node can load them', () => {
    const natives = entries.filter((entry) => entry.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    for (const entry of natives) {
      expect(asar.statFile(packed.asar, entry.slice(1), false).unpacked, entry).toBe(true);
      expect(existsSync(join(`${packed.asar}.unpacked`, entry))).toBe(true);
    }
  });

  it('flips the fuses in the executable as configured', async () => {
    const wire = await getCurrentFuseWire(packed.executable);
    const on = 0x31;
    const off = 0x30;
    // @electron/fuses V1 order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
    // EmbeddedAsarIntegrity, OnlyLoadAppFromAsar, BrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((index) => wire[index as 0])).toEqual([
      off,
      on,
      off,
      off,
      on,
      on,
      off,
      off,
    ]);
    const check = spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts/package-dir.mjs'), '--check-fuses', out],
      { encoding: 'utf8' },
    );
    expect(check.status, check.stdout).toBe(0);
  });

  it('writes the updater’s feed configuration', async () => {
    const feed = parse(
      await readFile(join(packed.appDir, 'resources', 'app-update.yml'), 'utf8'),
    ) as Record<string, string>;
    expect(feed).toMatchObject({ provider: 'github', owner: 'mitate-jp', repo: 'mitate' });
  });
});
