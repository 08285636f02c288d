/**
 * The attack: another account on the same machine (or a backup, or a support session listing
 * folders) reads the data folder. Everything the app writes is owner-only (folders 0700, files
 * 0600), a folder left 0755 by an older version is made owner-only at start, and no path on disk
 * carries the patient's name, ID or birth date, even when the dropped file and the archive's
 * folders are named after the patient. The real main-process handlers run the imports.
 */
import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../main/handlers.js';
import { memoryKeychain } from '../../../../main/keychain/keychain.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { encodeSlice, textElement } from '../../../support/syntheticSlice.js';

const NAME = '山田^太郎';
const ID = 'PID4711X';
const BIRTH = '19450817';

function slice(instance: number): Buffer {
  return encodeSlice({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUid: `1.2.826.0.1.3680043.8.498.77.${instance}`,
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.77',
    seriesInstanceUid: '1.2.826.0.1.3680043.8.498.77.0',
    modality: 'MR',
    patientName: NAME,
    patientId: ID,
    extra: [textElement(0x00080005, 'CS', 'ISO_IR 192'), textElement(0x00100030, 'DA', BIRTH)],
    position: [0, 0, instance],
    orientation: [1, 0, 0, 0, 1, 0],
    rows: 4,
    columns: 4,
    bitsStored: 12,
    pixels: new Uint8Array(32),
  });
}

async function walk(root: string): Promise<{ path: string; mode: number; folder: boolean }[]> {
  const found: { path: string; mode: number; folder: boolean }[] = [];
  const pending = [root];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const stats = await lstat(path);
      found.push({ path, mode: stats.mode & 0o777, folder: entry.isDirectory() });
      if (entry.isDirectory()) pending.push(path);
    }
  }
  return found;
}

describe.skipIf(process.platform === 'win32')('the data folder on disk', () => {
  it('is owner-only and names no patient, after a drop and an archive named after the patient', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'mitate-src-'));
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-data-'));
    // What an older version left: folders 0755 and a file 0644.
    await chmod(dataDir, 0o755);
    await mkdir(join(dataDir, 'dropped', 'old'), { recursive: true, mode: 0o755 });
    await writeFile(join(dataDir, 'dropped', 'old', '0'), 'x', { mode: 0o644 });

    const main = createHandlers({
      info: {
        name: 'Mitate',
        version: '0',
        host: 'devhost',
        platform: 'linux',
        nativeDialogs: false,
      },
      dataDir,
      settings: new SettingsStore(dataDir),
      emit: () => undefined,
      keychain: memoryKeychain(),
    });
    const call = (channel: string, request: unknown) =>
      (main.handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>)[channel]!(
        request,
      );

    const dropped = (await call('library.importFiles', {
      files: [{ name: `山田太郎_${ID}_${BIRTH}.dcm`, bytes: new Uint8Array(slice(1)) }],
    })) as { instancesAdded: number };
    expect(dropped.instancesAdded).toBe(1);

    const staged = join(outside, 'staged');
    await mkdir(join(staged, `${NAME}_${ID}`, BIRTH), { recursive: true });
    await writeFile(join(staged, `${NAME}_${ID}`, BIRTH, 'IM2'), slice(2));
    await writeFile(join(staged, `${NAME}_${ID}`, BIRTH, 'IM3'), slice(3));
    execFileSync('python3', [
      '-c',
      `import zipfile, os, sys
z = zipfile.ZipFile(sys.argv[1], 'w')
for folder, _, files in os.walk(sys.argv[2]):
    for f in files:
        p = os.path.join(folder, f)
        z.write(p, os.path.relpath(p, sys.argv[2]))
z.close()`,
      join(outside, `${ID}.zip`),
      staged,
    ]);
    const archived = (await call('library.importPaths', {
      paths: [join(outside, `${ID}.zip`)],
    })) as { instancesAdded: number };
    expect(archived.instancesAdded).toBe(2);
    await main.privateData;
    await call('library.studies', {});

    const entries = await walk(dataDir);
    expect(entries.some((entry) => entry.path.includes('archives'))).toBe(true);
    expect((await lstat(dataDir)).mode & 0o777).toBe(0o700);
    const wrong = entries
      .filter((entry) => entry.mode !== (entry.folder ? 0o700 : 0o600))
      .map((entry) => `${relative(dataDir, entry.path)} ${entry.mode.toString(8)}`);
    expect(wrong).toEqual([]);
    const named = entries
      .map((entry) => relative(dataDir, entry.path))
      .filter((path) => ['山田', '太郎', 'YAMADA', ID, BIRTH].some((part) => path.includes(part)));
    expect(named).toEqual([]);
  }, 30_000);
});
