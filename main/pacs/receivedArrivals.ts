/**
 * What the storage SCP hands over once an association has stored its instances: the files (each
 * already written atomically under the data folder) go through the library's import path, and
 * the renderer is told so the study list refreshes and shows the arrivals. The SCP calls this;
 * it knows nothing of the library.
 */
import type { EventPayload } from '../../preload/contract/index.js';

export type ImportPaths = (
  paths: readonly string[],
) => Promise<{ instancesAdded: number; studyIds: string[] }>;

export function receiveArrivals(
  importPaths: ImportPaths,
  emit: (payload: EventPayload<'pacs.received'>) => void,
): (files: readonly string[], callingAeTitle: string) => Promise<void> {
  return async (files, callingAeTitle) => {
    if (files.length === 0) return;
    const { instancesAdded, studyIds } = await importPaths(files);
    emit({ callingAeTitle, instances: instancesAdded, studyIds: studyIds.slice(0, 1000) });
  };
}
