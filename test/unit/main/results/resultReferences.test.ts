// The check that a returned AI object references only what was sent, on real objects: the
// highdicom SEG and TID 1500 SR from test/data reference their source CT; given the CT's UIDs
// as "sent" they pass, and any one of their references missing from that set refuses them.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicomFile, textOf, type DataElement } from '../../../../main/dicom/index.js';
import { checkResult, ForeignReferenceError } from '../../../../main/results/resultReferences.js';
import { testData } from '../../../support/paths.js';

function valuesAt(
  elements: readonly DataElement[],
  tag: number,
  depth = 0,
  out: { value: string; depth: number }[] = [],
): { value: string; depth: number }[] {
  for (const element of elements) {
    if (element.items)
      for (const item of element.items) valuesAt(item.elements, tag, depth + 1, out);
    else if (element.tag === tag)
      out.push({ value: textOf(element).replace(/\0/g, '').trim(), depth });
  }
  return out;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? filesUnder(join(folder, entry.name))
        : Promise.resolve([join(folder, entry.name)]),
    ),
  );
  return nested.flat().filter((file) => !/\.(md|txt|json)$/.test(file));
}

describe('results reference only what was sent', async () => {
  // The source CT (pydicom's, and highdicom's copy of one slice) is what was "sent"; SEG and SR came back.
  const highdicom = await filesUnder(testData('deid-references/highdicom'));
  const sourceFiles = [
    ...(await filesUnder(testData('deid-references/pydicom-ct2'))),
    ...highdicom.filter((file) => file.endsWith('ct_image.dcm')),
  ];
  const sources = await Promise.all(
    sourceFiles.map(async (file) => parseDicomFile(new Uint8Array(await readFile(file)))),
  );
  const results = await Promise.all(
    highdicom
      .filter((file) => !file.endsWith('ct_image.dcm'))
      .map(async (file) => ({ file, bytes: new Uint8Array(await readFile(file)) })),
  );
  const sent = {
    studies: new Set(
      sources.flatMap((source) => valuesAt(source.body, 0x0020000d).map((entry) => entry.value)),
    ),
    series: new Set(
      sources.flatMap((source) => valuesAt(source.body, 0x0020000e).map((entry) => entry.value)),
    ),
    instances: new Set(
      sources.flatMap((source) => valuesAt(source.body, 0x00080018).map((entry) => entry.value)),
    ),
  };

  it.each(results.map((result) => [result.file.split('/').pop()!, result] as const))(
    '%s: accepted with what was sent, refused when one reference was not',
    (_name, result) => {
      const parsed = parseDicomFile(result.bytes);
      const own = valuesAt(parsed.body, 0x00080018)
        .filter((entry) => entry.depth === 0)
        .map((entry) => entry.value);
      // Other results of the same work item (an SR cites its SEG) are allowed too.
      const siblings = results.flatMap((other) =>
        valuesAt(parseDicomFile(other.bytes).body, 0x00080018)
          .filter((entry) => entry.depth === 0)
          .map((entry) => entry.value),
      );
      const siblingSeries = results.flatMap((other) =>
        valuesAt(parseDicomFile(other.bytes).body, 0x0020000e)
          .filter((entry) => entry.depth === 0)
          .map((entry) => entry.value),
      );
      const allowed = {
        studies: sent.studies,
        series: new Set([...sent.series, ...siblingSeries]),
        instances: new Set([...sent.instances, ...siblings]),
      };
      const identity = checkResult(result.bytes, allowed);
      expect(identity.sopInstanceUid).toBe(own[0]);
      // highdicom's SEG names its algorithm (model name); its SR names none, and stays without one.
      if (identity.modality === 'SEG') expect(identity.algorithm.name).not.toBe('');

      const referenced = valuesAt(parsed.body, 0x00081155).map((entry) => entry.value);
      expect(referenced.length).toBeGreaterThan(0);
      const withoutOne = {
        ...allowed,
        instances: new Set([...allowed.instances].filter((uid) => uid !== referenced[0])),
      };
      expect(() => checkResult(result.bytes, withoutOne)).toThrow(ForeignReferenceError);
      expect(() => checkResult(result.bytes, { ...allowed, studies: new Set(['1.2.3']) })).toThrow(
        ForeignReferenceError,
      );
    },
  );
});
