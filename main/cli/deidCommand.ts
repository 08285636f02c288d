/**
 * `npx mitate deid <file-or-folder>... --out <folder> [--option <key>]... [--map-csv <file>]`:
 * pseudonymizes DICOM files for hospital IT and research batch use, with the same engine, keys and
 * vault as the app. Output files are named from the new UIDs only; the input is never written to.
 * Prints one JSON summary on stdout; messages on stderr name no file (paths carry patient names).
 *
 * Exit codes: 0 done (excluded inputs are listed in the summary), 2 bad usage or bad input,
 * 3 no OS keychain (the pseudonym secret and the vault key live there).
 */
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../storage/index.js';
import { listFiles } from '../library/index.js';
import { HandlerError } from '../errors/index.js';
import { pseudonymizeStudy, PseudonymizeError } from '../deid/index.js';
import { KeychainUnavailableError, osKeychain } from '../keychain/index.js';
import { PseudonymVault, VaultError } from '../vault/index.js';
import { loadPseudonymKeys } from '../vault/index.js';
import { DEID_OPTION_KEYS, type DeidOptionKey } from '../../preload/contract/deidentification.js';
import type { Command } from './mitate.js';

const ALL_OPTIONS: readonly string[] = DEID_OPTION_KEYS;
const USAGE = `usage: mitate deid <file-or-folder>... --out <folder> [--option <key>]... [--map-csv <file>] [--data-dir <folder>]
options: ${ALL_OPTIONS.join(', ')}`;

/** Where the app keeps its data (Electron's userData for productName "Mitate"), unless --data-dir says otherwise. */
function defaultDataDir(): string {
  if (process.env.MITATE_DATA_DIR) return process.env.MITATE_DATA_DIR;
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'Mitate');
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Mitate');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Mitate');
}

function fail(message: string, code = 2): number {
  process.stderr.write(`mitate deid: ${message}\n`);
  return code;
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        option: { type: 'string', multiple: true, default: [] },
        'map-csv': { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0 || values.out === undefined) return fail(USAGE);
  const unknown = values.option.filter((option) => !ALL_OPTIONS.includes(option));
  if (unknown.length > 0) return fail(`unknown option key "${unknown[0]}"\n${USAGE}`);
  if (
    values.option.includes('retainLongitudinalFullDates') &&
    values.option.includes('retainLongitudinalModifiedDates')
  ) {
    return fail(
      'retainLongitudinalFullDates and retainLongitudinalModifiedDates exclude each other (PS3.15 E.3.6)',
    );
  }

  const outDir = resolve(values.out);
  const inside = (child: string, parent: string): boolean =>
    child === parent || child.startsWith(`${parent}${sep}`);
  if (positionals.some((path) => inside(outDir, resolve(path)) || inside(resolve(path), outDir)))
    return fail('the output folder must not be an input, inside one, or hold one');

  let files;
  try {
    files = await listFiles(
      positionals.map((path) => resolve(path)),
      new AbortController().signal,
    );
  } catch (error) {
    if (error instanceof HandlerError) return fail(`an input cannot be read (${error.code})`);
    throw error;
  }
  if (files.length === 0) return fail('no input files');

  const keychain = osKeychain();
  let vault: PseudonymVault;
  let keys;
  try {
    keys = await loadPseudonymKeys(keychain);
    vault = await PseudonymVault.open(
      join(resolve(values['data-dir'] ?? defaultDataDir()), 'vault'),
      keychain,
    );
  } catch (error) {
    if (error instanceof KeychainUnavailableError)
      return fail(
        'no OS keychain is available: the pseudonym secret and the vault key are kept there (on Linux, start a Secret Service such as gnome-keyring)',
        3,
      );
    if (error instanceof VaultError)
      return fail(`the pseudonym vault cannot be opened (${error.code})`, 3);
    throw error;
  }

  let result;
  try {
    result = await pseudonymizeStudy(
      files.map((file) => file.path),
      { outDir: resolve(values.out), options: values.option as DeidOptionKey[], keys, vault },
    );
  } catch (error) {
    if (error instanceof PseudonymizeError)
      return fail(
        error.code === 'outputInsideInput'
          ? 'the output folder must not be an input or inside one'
          : 'no input files',
      );
    throw error;
  }
  if (values['map-csv'] !== undefined)
    await writeFileAtomic(resolve(values['map-csv']), vault.exportCsv());

  const summary = {
    inputs: files.length,
    written: result.outputFiles.length,
    excluded: result.report.excluded,
    studies: result.report.studies.map((study) => ({
      studyInstanceUid: study.studyInstanceUid,
      patientPseudonym: study.patientPseudonym,
      series: study.series,
      instances: study.instances,
      masked: study.masked.length,
      defaced: study.defaced.length,
    })),
    options: result.report.profile.options,
    out: resolve(values.out),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (result.outputFiles.length === 0)
    return fail('nothing was written: no input could be pseudonymized', 2);
  return 0;
}

export const deidCommand: Command = {
  summary:
    'pseudonymize DICOM files (PS3.15 Annex E): deid <file-or-folder>... --out <folder> [--option <key>]... [--map-csv <file>]',
  run,
};
