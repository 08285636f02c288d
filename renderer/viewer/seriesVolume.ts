/**
 * One streaming volume per series, shared by every plane and projection that shows it. Slices
 * arrive middle first, then spread through the series in eight interleaved passes, so MPR and
 * MIP show the whole extent coarsely within the first second and sharpen as the rest arrives.
 */
import { cache, Enums, eventTarget, utilities, volumeLoader, type Types } from '@cornerstonejs/core';
import type { SeriesDetail } from '../../preload/contract.js';
import { imageIdsForSeries } from './imageIds.js';
import { KNOWN_GEOMETRY_VOLUME_SCHEME } from './knownGeometryVolumeLoader.js';
import { learnSeriesMetadata } from './seriesMetadata.js';

const PASSES = 8;
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

/** The middle slice, then every 8th slice from offset 0, 4, 2, 6, 1, 5, 3, 7. */
const MIDDLE_OUT_STAGES = [
  { id: 'middle', positions: [0.5], priority: 1, requestType: Enums.RequestType.Interaction },
  ...[0, 4, 2, 6, 1, 5, 3, 7].map((offset, pass) => ({
    id: `pass-${pass}`,
    decimate: PASSES,
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
    utilities.imageRetrieveMetadataProvider.add('volume', { stages: MIDDLE_OUT_STAGES, retrieveOptions: { default: {} } });
    retrieveConfigured = true;
  }
  const volumeId = volumeIdFor(series.id);
  const existing = cache.getVolume(volumeId);
  if (existing !== undefined) return Promise.resolve(existing);
  let promise = starting.get(volumeId);
  if (promise === undefined) {
    // The headers from main let the volume be laid out before any slice is fetched.
    promise = learnSeriesMetadata(series)
      .then(() => volumeLoader.createAndCacheVolume(volumeId, { imageIds: imageIdsForSeries(series) }))
      .then((volume) => {
        paceRedraws(volume);
        volume.load?.(() => undefined);
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

/** Learns a long series' slice metadata ahead of a volume being asked for. */
export function prepareSeriesVolume(series: SeriesDetail): void {
  if (series.imageCount >= LONG_SERIES_IMAGES) void learnSeriesMetadata(series);
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
      next = now + Math.max(MIN_REDRAW_INTERVAL_MS, ((now - start) * (1 - REDRAW_SHARE)) / REDRAW_SHARE);
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

/** Whether a volume is being created (its first, middle and last slices are being fetched). */
export function volumeBeingCreated(): boolean {
  return starting.size > 0;
}

/** Calls back whenever more slices of the volume have arrived, until it is complete. */
export function onVolumeProgress(volumeId: string, listener: (loaded: number, total: number, complete: boolean) => void): () => void {
  const modified = (event: Event): void => {
    const detail = (event as CustomEvent<{ volumeId: string; framesProcessed?: number; numberOfFrames?: number }>).detail;
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
