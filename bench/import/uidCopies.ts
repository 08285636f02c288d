// Copies of DICOM files with new Study, Series and SOP Instance UIDs, for import and scale
// benchmarks: the copy number is written over digits near the start of each UID's longest component,
// in place (same length), so the files stay byte for byte the test data otherwise. Deflated
// files, whose UIDs cannot be edited in place, and files the reader refuses are copied as they are.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDicomFile, PIXEL_DATA, type DataElement } from '../../main/dicom/index.js';

const UID_TAGS = new Set([0x00020003, 0x00080018, 0x0020000d, 0x0020000e]);

/** The files under `folder`, as paths relative to it, in name order. */
export async function filesUnder(folder: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(folder, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(folder, relative)));
    else if (entry.isFile()) out.push(relative);
  }
  return out;
}

interface Template {
  relative: string;
  bytes: Uint8Array;
  /** Offset and width of the digits each copy rewrites. */
  digits: { at: number; width: number }[];
}

function digitsOf(element: DataElement): { at: number; width: number } | undefined {
  const value = Buffer.from(element.bytes.subarray(element.valueStart, element.end))
    .toString('latin1')
    .replace(/[\0 ]+$/, '');
  let best = { start: 0, length: 0 };
  let start = 0;
  for (const part of value.split('.')) {
    if (part.length > best.length) best = { start, length: part.length };
    start += part.length + 1;
  }
  // Its first digit stays, so it never gains a leading zero (PS3.5 §9.1), and the digits after
  // the rewritten ones stay, which keep the instances of one copy apart.
  const width = Math.min(6, best.length - 4);
  if (width < 1) return undefined;
  return { at: element.valueStart + best.start + 1, width };
}

async function templatesOf(sources: readonly string[]): Promise<Template[]> {
  const templates: Template[] = [];
  for (const source of sources) {
    for (const relative of await filesUnder(source)) {
      const bytes = new Uint8Array(await readFile(join(source, relative)));
      const digits: Template['digits'] = [];
      try {
        const file = parseDicomFile(bytes, { until: PIXEL_DATA });
        if (!file.deflated)
          for (const element of [...file.meta, ...file.body])
            if (UID_TAGS.has(element.tag)) {
              const found = digitsOf(element);
              if (found !== undefined) digits.push(found);
            }
      } catch {
        // Not DICOM, or refused: copied unchanged.
      }
      templates.push({ relative: join(source.split('/').pop()!, relative), bytes, digits });
    }
  }
  return templates;
}

/**
 * Writes `count` files into `target`: the files under `sources` again and again, each round in
 * its own folder with its own UIDs. Returns the number written.
 */
export async function writeUidCopies(
  sources: readonly string[],
  target: string,
  count: number,
): Promise<number> {
  const templates = await templatesOf(sources);
  let written = 0;
  for (let copy = 0; written < count; copy++) {
    for (const template of templates) {
      if (written >= count) break;
      const bytes = Buffer.from(template.bytes);
      for (const { at, width } of template.digits) {
        const digits = String(copy % 10 ** width).padStart(width, '0');
        bytes.write(digits, at, 'latin1');
      }
      const path = join(target, `copy-${copy}`, template.relative);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, bytes);
      written++;
    }
  }
  return written;
}
