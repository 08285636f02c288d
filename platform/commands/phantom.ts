import { parseArgs } from 'node:util';
import { generatePhantom } from '../phantom/index.js';

const usage =
  'usage: mitate-platform phantom --seed <n> --out <folder> [--size 256x256x128] [--spacing 0.6x0.6x0.6]';

function triple(text: string, name: string): [number, number, number] {
  const parts = text.split('x').map(Number);
  if (parts.length !== 3 || parts.some((v) => !Number.isFinite(v) || v <= 0))
    throw new Error(`--${name} must look like 256x256x128`);
  return parts as [number, number, number];
}

/** `mitate-platform phantom`: a synthetic TOF-MRA series with truth.json (ground truth for the aneurysm service). */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string' },
        out: { type: 'string' },
        size: { type: 'string' },
        spacing: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const seed = Number(values.seed);
  if (
    values.seed === undefined ||
    !Number.isInteger(seed) ||
    seed < 0 ||
    values.out === undefined
  ) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  try {
    const size = triple(values.size ?? '256x256x128', 'size');
    if (size.some((v) => !Number.isInteger(v)) || size[2] < 100)
      throw new Error('--size needs whole numbers and at least 100 slices');
    const spacing = values.spacing === undefined ? undefined : triple(values.spacing, 'spacing');
    const truth = await generatePhantom(
      { seed, size, ...(spacing ? { spacing } : {}) },
      values.out,
    );
    process.stdout.write(
      `phantom ${seed}: ${size.join('x')} voxels of ${truth.spacing_mm.join('x')} mm, ${truth.aneurysms.length} aneurysm(s), written to ${values.out}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`phantom: ${(error as Error).message}\n`);
    if (process.env.MITATE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
