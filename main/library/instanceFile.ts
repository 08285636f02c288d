import { INSTANCE_URL_PREFIX } from '../../preload/contract/index.js';
import type { StudyLibrary } from './studyLibrary.js';

export interface InstanceFile {
  path: string;
  size: number;
}

/**
 * Resolves `/dicom/<instanceId>` to an indexed file. Only ids from the index resolve, so the
 * renderer can read the studies it was shown and nothing else on the disk.
 */
export function resolveInstanceFile(
  library: StudyLibrary,
  urlPath: string,
): InstanceFile | undefined {
  const withoutQuery = urlPath.split('?')[0] ?? '';
  if (!withoutQuery.startsWith(INSTANCE_URL_PREFIX)) return undefined;
  const instance = library.instance(withoutQuery.slice(INSTANCE_URL_PREFIX.length));
  return instance === undefined ? undefined : { path: instance.path, size: instance.size };
}
