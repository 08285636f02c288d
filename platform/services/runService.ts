/**
 * The one entry the platform server (UPS-RS worker) and `mitate-platform analyze` use to run a
 * reference AI service on a set of DICOM files. Results are written into `outDir`; the returned
 * paths are inside it. Input problems throw ServiceInputError (message safe to show).
 */
import type { ServiceResult } from './serviceResult.js';

export type { ServiceResult } from './serviceResult.js';

export type ServiceId = 'aneurysm-mra' | 'intracranial-seg';

export const serviceIds: readonly ServiceId[] = ['aneurysm-mra', 'intracranial-seg'];

export function isServiceId(value: string): value is ServiceId {
  return (serviceIds as readonly string[]).includes(value);
}

export async function runService(
  id: ServiceId,
  inputFiles: string[],
  outDir: string,
): Promise<ServiceResult> {
  // Loaded on demand: the server starts without the algorithms' code until a job needs it.
  switch (id) {
    case 'aneurysm-mra':
      return (await import('./aneurysm/aneurysmService.js')).runAneurysmService(inputFiles, outDir);
    case 'intracranial-seg':
      return (await import('./intracranial/intracranialService.js')).runIntracranialService(
        inputFiles,
        outDir,
      );
  }
}
