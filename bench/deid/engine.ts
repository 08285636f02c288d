// The pieces of the pseudonymization benchmark that need the TypeScript engine; bundled by
// bench/deid.bench.ts into dist/bench/deid/engine.js. Run as `node engine.js rss <in> <out>` it
// pseudonymizes a folder in its own process and prints its peak RSS.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDicomFile, type DataElement } from '../../main/dicom/index.js';
import { encodeSlice, textElement } from '../../test/support/syntheticSlice.js';
import { pseudonymizeStudy } from '../../main/deid/pseudonymizeStudy.js';
import { createPseudonymKeys } from '../../main/deid/pseudonymKeys.js';
import type { DeidOptionKey } from '../../main/deid/profileTypes.js';
import { identifiersOf } from '../../test/unit/main/deid/inputFacts.js';

const keys = createPseudonymKeys(Buffer.alloc(32, 11));

export async function pseudonymize(
  files: string[],
  outDir: string,
  options: DeidOptionKey[],
): Promise<string[]> {
  const { outputFiles } = await pseudonymizeStudy(files, { outDir, options, keys });
  return outputFiles.map((file) => file.path);
}

export function identifiersOfFile(bytes: Uint8Array): string[] {
  try {
    return [...identifiersOf(parseDicomFile(bytes).body)];
  } catch {
    return [];
  }
}

const UID_TAGS = new Set([0x00080018, 0x0020000d, 0x0020000e]);

/** Copies of a series with Study/Series/SOP Instance UIDs changed (same length) in each copy. */
export async function makeCopies(source: string, target: string, copies: number): Promise<void> {
  const names = (await readdir(source)).sort();
  for (let copy = 0; copy < copies; copy++) {
    const folder = join(target, `copy-${copy}`);
    await mkdir(folder, { recursive: true });
    for (const name of names) {
      const bytes = new Uint8Array(await readFile(join(source, name)));
      const file = parseDicomFile(bytes);
      const edit = (element: DataElement): void => {
        if (UID_TAGS.has(element.tag) || element.tag === 0x00020003)
          bytes[element.valueStart + 5] = 0x30 + copy;
      };
      file.meta.forEach(edit);
      file.body.forEach(edit);
      await writeFile(join(folder, name), bytes);
    }
  }
}

/** A study of `count` 1024x1024 16-bit CT slices (about 2 MB each), for the memory figure. */
export async function makeLargeStudy(folder: string, count: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const pixels = Buffer.alloc(1024 * 1024 * 2);
  for (let index = 0; index < pixels.length; index += 2)
    pixels.writeUInt16LE((index * 7919) & 0x0fff, index);
  for (let slice = 0; slice < count; slice++) {
    const bytes = encodeSlice({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.999.${slice + 1}`,
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.999',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.999.0',
      modality: 'CT',
      patientName: 'BENCH^LARGE',
      patientId: 'BENCH-2GB',
      extra: [textElement(0x00080020, 'DA', '20240102')],
      position: [0, 0, slice],
      orientation: [1, 0, 0, 0, 1, 0],
      rows: 1024,
      columns: 1024,
      bitsStored: 12,
      pixels,
    });
    await writeFile(join(folder, `${String(slice).padStart(4, '0')}.dcm`), bytes);
  }
}

if (process.argv[2] === 'rss') {
  const [input, output] = [process.argv[3]!, process.argv[4]!];
  const files = (await readdir(input)).sort().map((name) => join(input, name));
  const start = performance.now();
  await pseudonymize(files, output, []);
  process.stdout.write(
    `${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - start) / 1000 })}\n`,
  );
}
