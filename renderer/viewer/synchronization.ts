/**
 * Linked viewports: scroll (same slice position), zoom/pan and window/level, each switched on
 * or off by the reader. Within one study, viewports are linked only within one frame of
 * reference (0020,0052): positions in different frames are not comparable (PS3.3 C.7.4.1.1.1).
 *
 * A prior study beside the current one (comparison reading) is linked too. In the same frame of
 * reference the link is by world position; in another frame (the usual case: another day,
 * another table position) it is by slice location along the shared slice normal, through an
 * alignment: the prior's position plus an offset. The offset is the reader's ("align here": the
 * two slices on screen show the same anatomy), else the two series' first slices line up.
 */
import { getRenderingEngine, metaData, utilities } from '@cornerstonejs/core';
import { synchronizers, SynchronizerManager } from '@cornerstonejs/tools';
import type { Vec3 } from '../state/compareStore.js';
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

/** The cells of a prior study on screen, and its alignment to the current study. */
export interface PriorLink {
  viewportIds: ReadonlySet<string>;
  /** prior → current in mm; undefined: the first slices line up. */
  offset: Vec3 | undefined;
}

interface Viewportish {
  getFrameOfReferenceUID(): string;
  getImageIds?(): string[];
  getCurrentImageId?(): string | undefined;
}

function positionOf(imageId: string | undefined): Vec3 | undefined {
  if (imageId === undefined) return undefined;
  const plane = metaData.get('imagePlaneModule', imageId) as
    | { imagePositionPatient?: number[] }
    | undefined;
  const position = plane?.imagePositionPatient;
  return position?.length === 3 ? (position as Vec3) : undefined;
}

/** prior → current offset that makes the two slices on screen the same place. */
export function offsetBetween(current: Viewportish, prior: Viewportish): Vec3 | undefined {
  const a = positionOf(current.getCurrentImageId?.());
  const b = positionOf(prior.getCurrentImageId?.());
  return a === undefined || b === undefined ? undefined : [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function firstSlicesOffset(current: Viewportish, prior: Viewportish): Vec3 | undefined {
  const a = positionOf(current.getImageIds?.()[0]);
  const b = positionOf(prior.getImageIds?.()[0]);
  return a === undefined || b === undefined ? undefined : [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** How a prior is linked to the current study: by world position, or by aligned slice location. */
export function priorLinkMode(currentId: string, priorId: string): 'world' | 'sliceLocation' {
  const engine = getRenderingEngine(RENDERING_ENGINE_ID);
  const a = engine?.getViewport(currentId)?.getFrameOfReferenceUID();
  const b = engine?.getViewport(priorId)?.getFrameOfReferenceUID();
  return a !== undefined && a === b ? 'world' : 'sliceLocation';
}

/** Tells cornerstone's slice synchronizer how a position in `source` maps into `target`. */
function register(targetId: string, sourceId: string, translation: Vec3): void {
  // A 4x4 translation, column-major as gl-matrix (cornerstone's) keeps it.
  const matrix = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, ...translation, 1]);
  utilities.spatialRegistrationMetadataProvider.add([targetId, sourceId], matrix);
}

/** Rebuilds every synchronizer from the viewports on screen and the reader's switches. */
export function linkViewports(
  viewportIds: readonly string[],
  enabled: Readonly<Record<SyncKind, boolean>>,
  prior?: PriorLink,
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
  const comparing: string[] = [];
  for (const viewportId of viewportIds) {
    const viewport = engine.getViewport(viewportId) as Viewportish | undefined;
    const frame = viewport?.getFrameOfReferenceUID();
    if (viewport === undefined || frame === undefined || frame === '') continue;
    byFrame.set(frame, [...(byFrame.get(frame) ?? []), viewportId]);
    comparing.push(viewportId);
  }
  // Each linked pair gets its mapping, so none is left over from what the cells showed before.
  const groups = prior === undefined ? [...byFrame.values()] : [comparing];
  for (const members of groups)
    for (const a of members)
      for (const b of members) {
        if (a === b) continue;
        const aPrior = prior?.viewportIds.has(a) === true;
        const bPrior = prior?.viewportIds.has(b) === true;
        const va = engine.getViewport(a) as Viewportish;
        const vb = engine.getViewport(b) as Viewportish;
        if (aPrior === bPrior) {
          if (va.getFrameOfReferenceUID() === vb.getFrameOfReferenceUID())
            register(a, b, [0, 0, 0]);
          continue;
        }
        if (aPrior) continue; // registered from the current side; cornerstone inverts it
        const offset =
          va.getFrameOfReferenceUID() === vb.getFrameOfReferenceUID()
            ? ([0, 0, 0] as Vec3)
            : (prior?.offset ?? firstSlicesOffset(va, vb));
        if (offset !== undefined) register(a, b, offset);
      }
  for (const kind of KINDS) {
    if (!enabled[kind]) continue;
    let group = 0;
    for (const members of groups) {
      if (members.length < 2) continue;
      const id = `${PREFIX}-${kind}-${group++}`;
      CREATE[kind](id);
      const synchronizer = SynchronizerManager.getSynchronizer(id);
      for (const viewportId of members)
        synchronizer?.add({ renderingEngineId: RENDERING_ENGINE_ID, viewportId });
    }
  }
}
