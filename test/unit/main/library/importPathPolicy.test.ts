import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../../main/dispatch.js';
import type { Handlers, HostServices } from '../../../../main/host/index.js';
import { PathGrants } from '../../../../main/host/index.js';
import { createLibraryHandlers } from '../../../../main/library/libraryHandlers.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { testData } from '../../../support/paths.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');

/** The library over a fresh data folder, with what a host may add (a confirmation, grants). */
async function library(extra: Partial<HostServices> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'mitate-policy-'));
  const feature = createLibraryHandlers({
    info: {
      name: 'Mitate',
      version: 'test',
      host: 'devhost',
      platform: 'linux',
      nativeDialogs: false,
    },
    dataDir,
    settings: new SettingsStore(dataDir),
    emit: () => undefined,
    ...extra,
  });
  // Only the library's channels exist here; dispatch validates the request as the IPC does.
  const handlers = feature.handlers as unknown as Handlers;
  return {
    dataDir,
    importPaths: (paths: string[]) => dispatch(handlers, 'library.importPaths', { paths }),
  };
}

async function oneImage(folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const [name] = (await readdir(MR)).sort();
  await copyFile(join(MR, name ?? ''), join(folder, 'IM0'));
  return folder;
}

const refusal = { ok: false, error: { code: 'path_not_allowed' } };

/**
 * A compromised renderer (a script injected into the page) sends `library.importPaths` with paths
 * of its own choosing, through the same contract channel the import box uses.
 */
describe('library.importPaths from the renderer', () => {
  it('refuses network (UNC) and device paths, which would make Windows connect out with the user’s credentials', async () => {
    const { importPaths } = await library();
    for (const path of [
      '\\\\attacker.example\\share\\x',
      '//attacker.example/share/x',
      '\\\\?\\C:\\x',
    ])
      expect(await importPaths([path])).toMatchObject(refusal);
  });

  it('refuses relative and non-normalised paths, and pseudo file systems', async () => {
    const { importPaths } = await library();
    for (const path of ['relative/folder', '/tmp/../etc', '/proc/self', '/sys/kernel', '/dev/disk'])
      expect(await importPaths([path])).toMatchObject(refusal);
  });

  it('refuses the app’s own data folder (vault, tokens, the library’s copies)', async () => {
    const { dataDir, importPaths } = await library();
    await oneImage(join(dataDir, 'vault-like'));
    expect(await importPaths([join(dataDir, 'vault-like')])).toMatchObject(refusal);
    expect(await importPaths([dataDir])).toMatchObject(refusal);
  });

  it('where the host can ask (Electron), a path nobody granted is imported only after the doctor confirms it', async () => {
    const asked: string[][] = [];
    let answer = false;
    const { importPaths } = await library({
      confirmPaths: async (paths) => {
        asked.push([...paths]);
        return answer;
      },
    });
    const folder = await oneImage(await mkdtemp(join(tmpdir(), 'mitate-typed-')));
    expect(await importPaths([folder])).toMatchObject(refusal);
    answer = true;
    expect(await importPaths([folder])).toMatchObject({ ok: true, value: { instancesAdded: 1 } });
    expect(asked).toEqual([[folder], [folder]]);
  });

  it('a path the host granted (a drop in the desktop app) is imported without asking, once and only soon', async () => {
    const grants = new PathGrants();
    let asked = 0;
    const { importPaths } = await library({
      pathGrants: grants,
      confirmPaths: async () => {
        asked++;
        return false;
      },
    });
    const folder = await oneImage(await mkdtemp(join(tmpdir(), 'mitate-dropped-')));
    grants.grant(folder);
    expect(await importPaths([folder])).toMatchObject({ ok: true, value: { instancesAdded: 1 } });
    expect(asked).toBe(0);
    // The grant was used up: the same path again is asked about.
    expect(await importPaths([folder])).toMatchObject(refusal);
    expect(asked).toBe(1);
    const late = new PathGrants(() => 0);
    late.grant(folder);
    expect(late.take([folder], 60_001)).toBe(false);
  });
});
