/**
 * A structure-aware fuzz run of every reader a hostile file or answer reaches: the DICOM data
 * set and header readers, DICOMDIR, zip extraction, multipart/related and the SR and SEG
 * readers (test/support/fuzz/). Each input must end in a result or the reader's own typed error
 * (never another exception), within 2 s (a hang), holding a bounded amount of memory. The kept
 * corpus (test/data/fuzz/<reader>/) runs first, then freshly generated cases from a fixed seed.
 * Longer runs: MITATE_FUZZ_CASES=20000 (cases per reader) and MITATE_FUZZ_SEED=<n>.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFolder, FUZZ_READERS, type FuzzInput } from '../../support/fuzz/fuzzReaders.js';
import { testData } from '../../support/paths.js';
import { seededRandom } from '../main/seededRandom.js';

const CASES = Number(process.env.MITATE_FUZZ_CASES ?? 120);
const SEED = Number(process.env.MITATE_FUZZ_SEED ?? 20261208);
/** A read that takes longer than this is a hang (the readers are linear: these inputs take ms). */
const HANG_MS = 2000;
/** The most extra memory one read may hold (the deflate cap is 256 MiB). */
const MEMORY_BUDGET_BYTES = 400 * 1024 * 1024;

/** A corpus file; a multipart one starts with its Content-Type line. */
async function corpus(reader: string): Promise<Array<{ name: string; input: FuzzInput }>> {
  const folder = testData(`fuzz/${reader}`);
  const names = (await readdir(folder).catch(() => []))
    .filter((name) => !name.endsWith('.md'))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = new Uint8Array(await readFile(join(folder, name)));
      if (reader !== 'multipart') return { name, input: { bytes } };
      const newline = bytes.indexOf(0x0a);
      return {
        name,
        input: {
          contentType: new TextDecoder().decode(bytes.subarray(0, newline)),
          bytes: bytes.subarray(newline + 1),
        },
      };
    }),
  );
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-fuzz-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe(`fuzzing the readers (seed ${SEED}, ${CASES} generated cases each)`, () => {
  for (const reader of FUZZ_READERS) {
    it(`${reader.name}: no crash, no hang over ${HANG_MS} ms, bounded memory`, async () => {
      const random = seededRandom(SEED);
      const kept = await corpus(reader.name);
      const generated = Array.from({ length: CASES }, (_, index) => ({
        name: `seed ${SEED} case ${index}`,
        input: reader.generate(random),
      }));
      const crashes: string[] = [];
      const hangs: string[] = [];
      let peakExtra = 0;
      const outcomes = { result: 0, typedError: 0 };
      for (const { name, input } of [...kept, ...generated]) {
        await emptyFolder(work);
        const before = process.memoryUsage();
        const started = performance.now();
        try {
          await reader.read(input, work);
          outcomes.result++;
        } catch (error) {
          if (reader.typed(error)) outcomes.typedError++;
          else
            crashes.push(
              `${name}: ${(error as Error).name} ${(error as Error).stack?.split('\n')[1]?.trim() ?? ''}`,
            );
        }
        const elapsed = performance.now() - started;
        if (elapsed > HANG_MS) hangs.push(`${name}: ${Math.round(elapsed)} ms`);
        const after = process.memoryUsage();
        peakExtra = Math.max(
          peakExtra,
          after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
        );
      }
      expect(crashes).toEqual([]);
      expect(hangs).toEqual([]);
      expect(peakExtra).toBeLessThan(MEMORY_BUDGET_BYTES);
      expect(kept.length + generated.length).toBe(outcomes.result + outcomes.typedError);
    }, 120_000);
  }
});
