import { stat } from 'node:fs/promises';
import type { IndexedInstance } from './studyLibrary.js';

const PARALLEL_CHECKS = 64;

/**
 * The ids of instances whose file is gone from where it was indexed (moved, deleted, an
 * unplugged drive) or was replaced by a file of another size. Checked each time a study is
 * opened: the index may be months old, and the doctor must hear that images are missing
 * rather than see a series with silent gaps.
 */
export async function findMissingFiles(
  instances: readonly IndexedInstance[],
): Promise<Set<string>> {
  const missing = new Set<string>();
  let cursor = 0;
  const worker = async (): Promise<void> => {
    while (cursor < instances.length) {
      const instance = instances[cursor++];
      if (instance === undefined) break;
      try {
        if ((await stat(instance.path)).size !== instance.size) missing.add(instance.id);
      } catch {
        missing.add(instance.id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHECKS, instances.length) }, worker));
  return missing;
}
