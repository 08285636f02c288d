/**
 * Linked viewports: scroll (same slice position), zoom/pan and window/level, each switched on
 * or off by the reader. Viewports are linked only within one frame of reference (0020,0052):
 * positions in different frames are not comparable (PS3.3 C.7.4.1.1.1).
 */
import { getRenderingEngine } from '@cornerstonejs/core';
import { synchronizers, SynchronizerManager } from '@cornerstonejs/tools';
import type { SyncKind } from '../state/viewerStore.js';
import { RENDERING_ENGINE_ID } from './cornerstone.js';

const CREATE: Record<SyncKind, (id: string) => unknown> = {
  scroll: (id) => synchronizers.createImageSliceSynchronizer(id),
  zoomPan: (id) => synchronizers.createZoomPanSynchronizer(id),
  windowLevel: (id) =>
    synchronizers.createVOISynchronizer(id, { syncInvertState: false, syncColormap: false }),
};

const KINDS: readonly SyncKind[] = ['scroll', 'zoomPan', 'windowLevel'];
const PREFIX = 'mitate-sync';

/** Rebuilds every synchronizer from the viewports on screen and the reader's switches. */
export function linkViewports(
  viewportIds: readonly string[],
  enabled: Readonly<Record<SyncKind, boolean>>,
): void {
  // A copy: cornerstone hands out its own list and destroying splices it, which would skip every
  // other synchronizer (two kinds on meant the second was created again and threw).
  for (const synchronizer of [...SynchronizerManager.getAllSynchronizers()]) {
    if (synchronizer.id.startsWith(PREFIX))
      SynchronizerManager.destroySynchronizer(synchronizer.id);
  }
  const engine = getRenderingEngine(RENDERING_ENGINE_ID);
  if (engine === undefined) return;
  const byFrame = new Map<string, string[]>();
  for (const viewportId of viewportIds) {
    const viewport = engine.getViewport(viewportId);
    const frame = viewport?.getFrameOfReferenceUID();
    if (viewport === undefined || frame === undefined || frame === '') continue;
    byFrame.set(frame, [...(byFrame.get(frame) ?? []), viewportId]);
  }
  for (const kind of KINDS) {
    if (!enabled[kind]) continue;
    let group = 0;
    for (const members of byFrame.values()) {
      if (members.length < 2) continue;
      const id = `${PREFIX}-${kind}-${group++}`;
      CREATE[kind](id);
      const synchronizer = SynchronizerManager.getSynchronizer(id);
      for (const viewportId of members)
        synchronizer?.add({ renderingEngineId: RENDERING_ENGINE_ID, viewportId });
    }
  }
}
