// dciodvfy (dicom3tools) as a referee: the errors it reports on a file, normalised so the same
// problem reads the same before and after pseudonymization (UIDs and values differ by design).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseDicomFile } from '../../../../main/dicom/index.js';

export const hasDciodvfy = spawnSync('dciodvfy', ['-'], { encoding: 'utf8' }).error === undefined;
let scratch: string | undefined;

export function dciodvfyErrors(path: string): Set<string> {
  // dciodvfy cannot read deflated data sets (PS3.5 A.5): DCMTK inflates them first, same for both.
  if (parseDicomFile(new Uint8Array(readFileSync(path))).deflated) {
    scratch ??= mkdtempSync(join(tmpdir(), 'mitate-dciodvfy-'));
    const inflated = join(
      scratch,
      `inflated-${basename(path)}-${Math.random().toString(36).slice(2)}`,
    );
    spawnSync('dcmconv', ['+te', path, inflated]);
    path = inflated;
  }
  const result = spawnSync('dciodvfy', [path], { encoding: 'latin1' });
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => /\bError\b/.test(line));
  return new Set(
    lines.map((line) =>
      line
        .replace(/\d+(\.\d+){2,}/g, '#')
        .replace(/(UID) \S+$/, '$1 #')
        .replace(/\[[^\]]*\]/g, '[]')
        .replace(/ = <[^>]*>/g, '')
        .trim(),
    ),
  );
}

/** dciodvfy stops at the first element it cannot read: its error list then says nothing about the rest. */
export function dciodvfyReads(path: string): boolean {
  return ![...dciodvfyErrors(path)].some((error) =>
    /Tags out of order|Tag read failed/.test(error),
  );
}

/** Errors dciodvfy finds in `output` that it did not find in `input`. */
export function newDciodvfyErrors(input: string, output: string): string[] {
  const before = dciodvfyErrors(input);
  return [...dciodvfyErrors(output)].filter((error) => !before.has(error));
}
