/**
 * The one entry the platform server (UPS-RS worker) and `mitate-platform analyze` use to run a
 * reference AI service on a set of DICOM files. Results are written into `outDir`; the returned
 * paths are inside it.
 */
export type ServiceId = 'aneurysm-mra' | 'intracranial-seg';

export interface ServiceResult {
  /** DICOM result objects (SEG, SR) written into outDir. */
  outputFiles: string[];
  /** findings.json beside them, when the service produces findings. */
  findingsJson?: string;
}

export const serviceIds: readonly ServiceId[] = ['aneurysm-mra', 'intracranial-seg'];

export function isServiceId(value: string): value is ServiceId {
  return (serviceIds as readonly string[]).includes(value);
}

export async function runService(id: ServiceId, inputFiles: string[], outDir: string): Promise<ServiceResult> {
  void inputFiles;
  void outDir;
  throw new Error(`service ${id} not implemented yet`);
}
