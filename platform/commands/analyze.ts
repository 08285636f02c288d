import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isServiceId, runService, serviceIds } from '../services/index.js';
import { ServiceInputError } from '../dicom/index.js';

const usage = `usage: mitate-platform analyze --service <${serviceIds.join('|')}> --in <folder> --out <folder>`;

/** `mitate-platform analyze`: runs a reference AI service offline on a folder of DICOM files. */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { service: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (
    values.service === undefined ||
    !isServiceId(values.service) ||
    values.in === undefined ||
    values.out === undefined
  ) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  try {
    const inputFiles = (await readdir(values.in, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(values.in!, e.name))
      .sort();
    await mkdir(values.out, { recursive: true });
    const started = performance.now();
    const result = await runService(values.service, inputFiles, values.out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const file of [
      ...result.outputFiles,
      ...(result.findingsJson ? [result.findingsJson] : []),
    ])
      process.stdout.write(`${file}\n`);
    process.stderr.write(
      `${values.service}: done in ${seconds} s (reference algorithm, not for clinical use)\n`,
    );
    return 0;
  } catch (error) {
    // Input problems have safe messages; anything else is reported without detail that could
    // carry patient data (file names often do).
    process.stderr.write(
      `analyze: ${error instanceof ServiceInputError ? error.message : `failed (${(error as Error).name})`}\n`,
    );
    if (process.env.MITATE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
