// The keychain and the pseudonym vault against the real Secret Service (gnome-keyring, through
// test/support/with-keyring.sh), the mapping of returned results to the original study, the CSV
// export, and the `mitate deid` command end to end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { osKeychain, KeychainUnavailableError } from '../../../../main/keychain/keychain.js';
import {
  PseudonymVault,
  VaultError,
  VAULT_KEY_NAME,
} from '../../../../main/vault/pseudonymVault.js';
import { loadPseudonymKeys } from '../../../../main/vault/pseudonymSecret.js';
import { restoreReferences } from '../../../../main/vault/restoreReferences.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { parseDicomFile } from '../../../../main/dicom/index.js';
import { repoRoot, testData } from '../../../support/paths.js';
import { dicomFilesUnder, valuesOf } from '../deid/inputFacts.js';

const work = mkdtempSync(join(tmpdir(), 'mitate-vault-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const keyringReady =
  process.env.MITATE_TEST_KEYRING === '1' &&
  (await osKeychain(`Mitate test ${process.pid}`).isAvailable());
const WHY = 'skipped: no Secret Service (run inside test/support/with-keyring.sh)';
const withKeyring = keyringReady ? describe : describe.skip;

withKeyring(
  `OS keychain and vault against the real Secret Service${keyringReady ? '' : ` (${WHY})`}`,
  () => {
    const keychain = osKeychain(`Mitate test ${process.pid}`);

    it('stores, reads back and deletes a secret by name', async () => {
      expect(await keychain.get('refresh-token')).toBeUndefined();
      await keychain.set('refresh-token', 'секрет-秘密');
      expect(await keychain.get('refresh-token')).toBe('секрет-秘密');
      expect(await keychain.delete('refresh-token')).toBe(true);
      expect(await keychain.get('refresh-token')).toBeUndefined();
      expect(await keychain.delete('refresh-token')).toBe(false);
    });

    it('keeps the pseudonym secret: the same study gets the same UIDs on every send', async () => {
      const first = await loadPseudonymKeys(keychain);
      const second = await loadPseudonymKeys(keychain);
      expect(first.uid('1.2.3.4')).toBe(second.uid('1.2.3.4'));
      expect(first.uid('1.2.3.4')).toMatch(/^2\.25\.\d{1,39}$/);
    });

    it('stores the map encrypted, maps a returned SEG back to the original CT, exports id_old,id_new', async () => {
      const folder = join(work, 'vault');
      const keys = await loadPseudonymKeys(keychain);
      const vault = await PseudonymVault.open(folder, keychain);
      const sources = dicomFilesUnder(testData('deid-references/pydicom-ct2'));
      const seg = join(testData('deid-references/highdicom'), 'seg_image_ct_binary.dcm');
      const { outputFiles } = await pseudonymizeStudy([...sources, seg], {
        outDir: join(work, 'out'),
        options: [],
        keys,
        vault,
      });

      // At rest: no original UID or patient ID in the vault file, and AES-GCM authenticates it.
      const sealed = readFileSync(join(folder, 'pseudonyms.vault'));
      const originalSop = valuesOf(parseDicomFile(readFileSync(sources[0]!)).body, 0x00080018)[0]!;
      expect(sealed.includes(Buffer.from(originalSop))).toBe(false);
      expect(await keychain.get(VAULT_KEY_NAME)).toBeDefined();

      // A reopened vault (as after a restart) maps the pseudonymized SEG's references home.
      const reopened = await PseudonymVault.open(folder, keychain);
      const segOut = outputFiles.find((file) => file.inputIndex === sources.length)!;
      const restored = parseDicomFile(restoreReferences(readFileSync(segOut.path), reopened));
      const originalSops = new Set(
        sources.map(
          (source) => valuesOf(parseDicomFile(readFileSync(source)).body, 0x00080018)[0]!,
        ),
      );
      const referenced = valuesOf(restored.body, 0x00081155);
      expect(referenced.length).toBeGreaterThan(0);
      for (const uid of referenced) expect(originalSops.has(uid)).toBe(true);
      expect(valuesOf(restored.body, 0x0020000d)[0]).toBe(
        valuesOf(parseDicomFile(readFileSync(sources[0]!)).body, 0x0020000d)[0],
      );

      const csv = reopened.exportCsv().split('\r\n');
      expect(csv[0]).toBe('id_old,id_new');
      expect(csv).toContain(`${originalSop},${keys.uid(originalSop)}`);

      // Tampering is detected, never silently accepted.
      const tampered = JSON.parse(sealed.toString('utf8')) as { data: string };
      const data = Buffer.from(tampered.data, 'base64');
      data[0]! ^= 1;
      writeFileSync(
        join(folder, 'pseudonyms.vault'),
        JSON.stringify({ ...tampered, data: data.toString('base64') }),
      );
      await expect(PseudonymVault.open(folder, keychain)).rejects.toThrow(VaultError);
      await keychain.delete(VAULT_KEY_NAME);
      await expect(PseudonymVault.open(folder, keychain)).rejects.toThrow('vaultKeyMissing');
    });

    it('mitate deid: pseudonymizes a folder, names outputs from new UIDs, writes the map CSV, never touches the input', () => {
      const out = join(work, 'cli-out');
      const csv = join(work, 'map.csv');
      const input = testData('deid-references/orthanc-cr-pr');
      const before = readdirSync(input).map((name) =>
        readFileSync(join(input, name)).toString('base64'),
      );
      const result = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'bin/mitate.mjs'),
          'deid',
          input,
          '--out',
          out,
          '--option',
          'retainLongitudinalModifiedDates',
          '--map-csv',
          csv,
          '--data-dir',
          join(work, 'cli-data'),
        ],
        { encoding: 'utf8' },
      );
      expect(result.status, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as {
        written: number;
        studies: { studyInstanceUid: string }[];
      };
      expect(summary.written).toBe(2);
      expect(readdirSync(out)).toEqual([summary.studies[0]!.studyInstanceUid]);
      expect(readFileSync(csv, 'utf8').startsWith('id_old,id_new\r\n')).toBe(true);
      expect(
        readdirSync(input).map((name) => readFileSync(join(input, name)).toString('base64')),
      ).toEqual(before);
      // Bad input: a clear message and a non-zero exit.
      const bad = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'bin/mitate.mjs'),
          'deid',
          input,
          '--out',
          join(input, 'inside'),
          '--data-dir',
          join(work, 'cli-data'),
        ],
        { encoding: 'utf8' },
      );
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/output folder must not be an input/);
      expect(existsSync(join(input, 'inside'))).toBe(false);
      const badOption = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'bin/mitate.mjs'),
          'deid',
          input,
          '--out',
          out,
          '--option',
          'keepEverything',
        ],
        { encoding: 'utf8' },
      );
      expect(badOption.status).toBe(2);
      expect(badOption.stderr).toMatch(/unknown option key/);
    });
  },
);

describe('without a keychain', () => {
  it('mitate deid stops with exit 3 and says why when no Secret Service can be reached', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mitate-no-bus',
    };
    const result = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'bin/mitate.mjs'),
        'deid',
        testData('deid-references/orthanc-cr-pr'),
        '--out',
        join(work, 'no-keychain'),
        '--data-dir',
        join(work, 'no-keychain-data'),
      ],
      { encoding: 'utf8', env },
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/no OS keychain is available/);
    expect(existsSync(join(work, 'no-keychain'))).toBe(false);
  });

  it('the keychain error is typed, for callers that offer another way', () => {
    const error = new KeychainUnavailableError('get');
    expect(error.code).toBe('keychainUnavailable');
    expect(error).toBeInstanceOf(Error);
  });
});
