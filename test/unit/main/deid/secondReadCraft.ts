// What the adversarial second read of the engine shares: crafted but realistic inputs that once
// let an identifier through. Each case builds real bytes with the engine's own writer, runs the
// whole pipeline (pseudonymizeStudy, files on disk), and scans the OUTPUT BYTES and the output path
// for the planted values, not just the parsed attributes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import {
  encodeDicomFile,
  encodeText,
  type OutElement,
  type OutItem,
} from '../../../../main/dicom/index.js';
import { pseudonymizeStudy } from '../../../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../../../main/deid/pseudonymKeys.js';
import type { DeidOptionKey } from '../../../../main/deid/profileTypes.js';

let work: string;
/**
 * Gives the calling test file a scratch folder for its runs, removed after its tests (call once,
 * at its top level).
 */
export function useScratchFolder(): void {
  const folder = mkdtempSync(join(tmpdir(), 'mitate-deid-second-read-'));
  work = folder;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
}
const keys = createPseudonymKeys(Buffer.alloc(32, 33));
export const EXPLICIT = { explicitVr: true, littleEndian: true };
export const IMPLICIT = { explicitVr: false, littleEndian: true };

export const STUDY_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.111111';
export const SERIES_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.222222';
export const SOP_UID = '1.2.392.200036.9116.2.5.1.48.1215508268.1600000000.333333';
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.33';

export const value = (tag: number, vr: string, text: string | Uint8Array): OutElement => ({
  kind: 'value',
  tag,
  vr,
  value: typeof text === 'string' ? encodeText(text, vr) : text,
});
export const item = (elements: OutElement[], syntax = EXPLICIT): OutItem => ({
  elements,
  undefinedLength: true,
  syntax,
});
export const sequence = (tag: number, items: OutItem[], vr = 'SQ'): OutElement => ({
  kind: 'sequence',
  tag,
  vr,
  undefinedLength: true,
  items,
});
const tagOf = (element: OutElement): number =>
  element.kind === 'copy' ? element.element.tag : element.tag;

export function craft(extra: OutElement[], series = SERIES_UID): Uint8Array {
  const body: OutElement[] = [
    value(0x00080016, 'UI', SR_CLASS),
    value(0x00080018, 'UI', SOP_UID),
    value(0x00080060, 'CS', 'SR'),
    value(0x00100010, 'PN', 'SUZUKI^HANAKO'),
    value(0x00100020, 'LO', 'MRN4471902'),
    value(0x0020000d, 'UI', STUDY_UID),
    value(0x0020000e, 'UI', series),
    ...extra,
  ];
  body.sort((a, b) => tagOf(a) - tagOf(b));
  const meta = [
    value(0x00020002, 'UI', SR_CLASS),
    value(0x00020003, 'UI', SOP_UID),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, EXPLICIT, false));
}

let runs = 0;
export async function deid(
  bytes: Uint8Array,
  options: DeidOptionKey[] = [],
): Promise<{ output: Buffer | undefined; path: string | undefined; excluded: string[] }> {
  const input = join(work, `in-${++runs}.dcm`);
  writeFileSync(input, bytes);
  const outDir = join(work, `out-${runs}`);
  const { outputFiles, report } = await pseudonymizeStudy([input], { outDir, options, keys });
  const path = outputFiles[0]?.path;
  return {
    output: path === undefined ? undefined : readFileSync(path),
    path: path?.slice(outDir.length),
    excluded: report.excluded.map((entry) => entry.reason),
  };
}

/** Planted values still in the output bytes (Latin-1, as written) or in the output path. */
export function survivors(
  result: { output: Buffer | undefined; path: string | undefined },
  planted: (string | Uint8Array)[],
): string[] {
  if (result.output === undefined) return ['<no output>'];
  return planted
    .map((needle) =>
      typeof needle === 'string' ? Buffer.from(needle, 'latin1') : Buffer.from(needle),
    )
    .filter(
      (needle) =>
        result.output!.includes(needle) || (result.path ?? '').includes(needle.toString('latin1')),
    )
    .map((needle) => needle.toString('latin1'));
}
