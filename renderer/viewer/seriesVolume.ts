/**
 * One streaming volume per series, shared by every plane and projection that shows it. Slices
 * arrive middle first, then spread through the series in eight interleaved passes, so MPR and
 * MIP show the whole extent coarsely within the first second and sharpen as the rest arrives.
 */
import {
  cache,
  Enums,
  eventTarget,
  type RenderingEngine,
  setVolumesForViewports,
  utilities,
  volumeLoader,
  type Types,
} from '@cornerstonejs/core';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { imageIdsForSeries } from './imageIds.js';
import { KNOWN_GEOMETRY_VOLUME_SCHEME } from './knownGeometryVolumeLoader.js';
import { learnSeriesMetadata } from './seriesMetadata.js';
import { middleIndex, PASS_COUNT, PASS_ORDER } from './volumeStreaming/sliceOrder.js';
import {
  holdArrivals,
  streamThroughWorker,
  warmSliceWorker,
} from './volumeStreaming/workerStreamedVolume.js';

/**
 * While slices stream in, redraws take at most this share of the page's time. cornerstone
 * redraws after every 2 % of the slices; in software GL one redraw of three planes through a
 * 512x512x600 volume takes half a second or more of the page's only thread, and with redraws
 * every second the whole volume took about twice as long to arrive (busy 2-core machine). On a
 * graphics card a redraw takes milliseconds and the planes fill in almost continuously.
 */
const REDRAW_SHARE = 0.05;
/** Never more often than this, whatever the redraws cost. */
const MIN_REDRAW_INTERVAL_MS = 250;

/** For series cornerstone loads itself: the same order as `middleOutOrder`. */
const MIDDLE_OUT_STAGES = [
  { id: 'middle', positions: [0.5], priority: 1, requestType: Enums.RequestType.Interaction },
  ...PASS_ORDER.map((offset, pass) => ({
    id: `pass-${pass}`,
    decimate: PASS_COUNT,
    offset,
    priority: 2 + pass,
    // Thumbnail requests go before stack prefetch (Interaction > Thumbnail > Prefetch), so a
    // volume asked for now is not queued behind a stack's hundreds of prefetched slices.
    requestType: Enums.RequestType.Thumbnail,
  })),
];

let retrieveConfigured = false;

export function volumeIdFor(seriesId: string): string {
  return `${KNOWN_GEOMETRY_VOLUME_SCHEME}:${seriesId}`;
}

const starting = new Map<string, Promise<Types.IImageVolume>>();

export function seriesVolume(series: SeriesDetail): Promise<Types.IImageVolume> {
  if (!retrieveConfigured) {
    utilities.imageRetrieveMetadataProvider.add('volume', {
      stages: MIDDLE_OUT_STAGES,
      retrieveOptions: { default: {} },
    });
    retrieveConfigured = true;
  }
  const volumeId = volumeIdFor(series.id);
  const existing = cache.getVolume(volumeId);
  if (existing !== undefined) return Promise.resolve(existing);
  let promise = starting.get(volumeId);
  if (promise === undefined) {
    // The headers from main let the volume be laid out before any slice is fetched.
    promise = learnSeriesMetadata(series)
      .then(() =>
        volumeLoader.createAndCacheVolume(volumeId, { imageIds: imageIdsForSeries(series) }),
      )
      .then((volume) => {
        paceRedraws(volume);
        if (!streamThroughWorker(volume, series.modality)) volume.load?.(() => undefined);
        return volume;
      });
    promise.catch(() => undefined).finally(() => starting.delete(volumeId));
    starting.set(volumeId, promise);
  }
  return promise;
}

/**
 * Series this long are likely to be read in MPR: their headers are asked for when the series
 * opens, so pressing "MPR" need not wait for main to read hundreds of them.
 */
const LONG_SERIES_IMAGES = 64;

/** Learns a long series' slice metadata and starts a slice worker ahead of a volume being asked for. */
export function prepareSeriesVolume(series: SeriesDetail): void {
  if (series.imageCount < LONG_SERIES_IMAGES) return;
  void learnSeriesMetadata(series);
  warmSliceWorker();
}

/** The first slice is drawn at once, the rest as often as redraws can be afforded, the whole when complete. */
function paceRedraws(volume: Types.IImageVolume): void {
  const { volumeId } = volume;
  (volume as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
  let next = 0;
  let pending: number | undefined;
  const redraw = (): void => {
    pending = undefined;
    const start = performance.now();
    utilities.autoLoad(volumeId);
    // cornerstone draws in the next animation frame; this callback runs right after it.
    requestAnimationFrame(() => {
      const now = performance.now();
      next =
        now + Math.max(MIN_REDRAW_INTERVAL_MS, ((now - start) * (1 - REDRAW_SHARE)) / REDRAW_SHARE);
    });
  };
  const stop = onVolumeProgress(volumeId, (loaded, total, complete) => {
    if (complete) {
      window.clearTimeout(pending);
      stop();
      redraw();
      return;
    }
    if (pending !== undefined || loaded === 0) return;
    pending = window.setTimeout(redraw, Math.max(0, next - performance.now()));
  });
}

/** The longest planes wait for their volume's middle slice before they are handed the volume. */
const MIDDLE_SLICE_WAIT_MS = 500;

/**
 * Resolves when the volume's middle slice has arrived (the slice the axial plane and its preview
 * show first), or after `MIDDLE_SLICE_WAIT_MS`, then once the browser has painted. Planes wait for it before
 * they are handed the volume: in software GL that hand-over and the first draw hold the page's
 * thread for a second or more, and the middle slice (its download's reply, its preview) would
 * wait behind them.
 */
export function middleSliceIn(volume: Types.IImageVolume): Promise<void> {
  // One wait per volume: the planes waiting on it resume together and are handed it together.
  let waiting = middleWaits.get(volume);
  if (waiting === undefined) {
    waiting = waitForMiddleSlice(volume);
    middleWaits.set(volume, waiting);
  }
  return waiting;
}

const middleWaits = new WeakMap<Types.IImageVolume, Promise<void>>();

function waitForMiddleSlice(volume: Types.IImageVolume): Promise<void> {
  const middle = volume.imageIds[middleIndex(volume.imageIds.length)];
  const arrived = (): boolean =>
    middle === undefined || volume.loadStatus?.loaded === true || cache.isLoaded(middle);
  return new Promise<void>((resolve) => {
    if (arrived()) {
      resolve();
      return;
    }
    const done = (): void => {
      window.clearTimeout(timer);
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, modified);
      resolve();
    };
    const modified = (): void => {
      if (arrived()) done();
    };
    const timer = window.setTimeout(done, MIDDLE_SLICE_WAIT_MS);
    eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, modified);
  }).then(afterPaint);
}

/** Viewports asked for in the same task, handed their volume at once (`attachVolume`). */
const attaching = new Map<string, { viewportIds: string[]; done: Promise<void> }>();

/**
 * Hands `volumeId` to the viewport. Planes asking in the same task (they resume from the same
 * `middleSliceIn`) are handed it in one call and first drawn in one frame; meanwhile the slices
 * still arriving are held, so that first draw uploads only what is already there.
 */
export function attachVolume(
  engine: RenderingEngine,
  volumeId: string,
  viewportId: string,
): Promise<void> {
  const batch = attaching.get(volumeId);
  if (batch !== undefined) {
    batch.viewportIds.push(viewportId);
    return batch.done;
  }
  const viewportIds = [viewportId];
  const release = holdArrivals(volumeId);
  const done = Promise.resolve().then(async () => {
    attaching.delete(volumeId);
    try {
      await setVolumesForViewports(
        engine,
        [{ volumeId }],
        viewportIds.filter((id) => engine.getViewport(id) !== undefined),
      );
    } finally {
      // The callers ask for their first draw as this resolves; release after it is painted.
      window.setTimeout(() => void afterPaint().then(release), 0);
    }
  });
  attaching.set(volumeId, { viewportIds, done });
  return done;
}

/** After the browser's next paint: a frame, then a task after it. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => window.setTimeout(resolve, 0)));
}

/** Whether a volume is being created (its first, middle and last slices are being fetched). */
export function volumeBeingCreated(): boolean {
  return starting.size > 0;
}

/** Calls back whenever more slices of the volume have arrived, until it is complete. */
export function onVolumeProgress(
  volumeId: string,
  listener: (loaded: number, total: number, complete: boolean) => void,
): () => void {
  const modified = (event: Event): void => {
    const detail = (
      event as CustomEvent<{ volumeId: string; framesProcessed?: number; numberOfFrames?: number }>
    ).detail;
    if (detail.volumeId !== volumeId) return;
    listener(detail.framesProcessed ?? 0, detail.numberOfFrames ?? 0, false);
  };
  const completed = (event: Event): void => {
    const detail = (event as CustomEvent<{ volumeId: string }>).detail;
    if (detail.volumeId !== volumeId) return;
    const volume = cache.getVolume(volumeId);
    const total = volume?.imageIds.length ?? 0;
    listener(total, total, true);
  };
  eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, modified);
  eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, completed);
  return () => {
    eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, modified);
    eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_LOADING_COMPLETED, completed);
  };
}
