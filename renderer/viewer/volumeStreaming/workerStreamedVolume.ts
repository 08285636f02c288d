/**
 * Fills a streaming volume from `sliceFetchWorker.ts` instead of cornerstone's per-image loader,
 * for the series that are nearly every CT and MR: single-frame, uncompressed little endian, 16
 * bits, grey. The page's thread then only wraps each slice it is given as a cornerstone image and
 * hands it to the volume, which uploads it to the texture at the next draw; downloading, parsing
 * and scaling happen in the worker. Slices the worker cannot read (another transfer syntax after
 * all, a file changed on disk) and every series outside that set go through cornerstone's loader
 * as before, so the volume is the same whichever path a slice took.
 */
import {
  cache,
  Enums,
  eventTarget,
  imageLoader,
  imageLoadPoolManager,
  triggerEvent,
  type Types,
  utilities,
} from '@cornerstonejs/core';
import type { SliceMetadata } from '../../../preload/contract/index.js';
import { sliceMetadataOf } from '../seriesMetadata.js';
import { NATIVE_LITTLE_ENDIAN, type SliceLayout, type VolumeArrayType } from './modalityPixels.js';
import { middleOutOrder } from './sliceOrder.js';
import type { SliceArrived, SliceFetchReply, SliceFetchStart } from './sliceFetchMessages.js';

const VOLUME_TYPES = new Set<string>(['Int16Array', 'Uint16Array', 'Float32Array']);

/** The part of StreamingImageVolume this module drives (public in cornerstone, loosely typed). */
interface StreamingVolume {
  volumeId: string;
  imageIds: string[];
  dataType: string | undefined;
  totalNumFrames: number;
  successCallback(imageId: string, image: Types.IImage): void;
  errorCallback(imageId: string, permanent: boolean, error: unknown): void;
  getLoaderImageOptions(imageId: string): Record<string, unknown>;
  cancelLoading: () => void;
  loadStatus: { loaded: boolean; loading: boolean; cancelled: boolean; callbacks: unknown[] };
}

function urlOf(imageId: string): string | undefined {
  if (!imageId.startsWith('wadouri:') || imageId.includes('?')) return undefined;
  return new URL(imageId.slice('wadouri:'.length), location.href).href;
}

/** The slice's layout when the worker can read it, from the headers main read. */
function layoutOf(
  slice: SliceMetadata | undefined,
  modality: string,
  target: VolumeArrayType,
): SliceLayout | undefined {
  if (slice === undefined || !NATIVE_LITTLE_ENDIAN.has(slice.transferSyntaxUid)) return undefined;
  if (
    slice.samplesPerPixel !== 1 ||
    slice.bitsAllocated !== 16 ||
    !/^MONOCHROME[12]$/.test(slice.photometricInterpretation)
  )
    return undefined;
  // PET and dose scale further (SUV, Dose Grid Scaling): cornerstone's loader knows how.
  if (modality === 'PT' || modality === 'RTDOSE') return undefined;
  return {
    rows: slice.rows,
    columns: slice.columns,
    bitsStored: slice.bitsStored,
    pixelRepresentation: slice.pixelRepresentation,
    slope: slice.rescaleSlope ?? 1,
    intercept: slice.rescaleIntercept ?? 0,
    target,
  };
}

/** A cornerstone image over the worker's values, shaped as dicom-image-loader's `createImage` makes one. */
function imageOf(
  imageId: string,
  slice: SliceMetadata,
  modality: string,
  arrived: SliceArrived,
): Types.IImage {
  const { values, min, max } = arrived;
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    scalarData: values,
    width: slice.columns,
    height: slice.rows,
    numberOfComponents: 1,
  });
  const fallback = utilities.windowLevel.toWindowLevel(min, max);
  const scalingParameters = {
    rescaleSlope: slice.rescaleSlope ?? 1,
    rescaleIntercept: slice.rescaleIntercept ?? 0,
    modality,
  };
  const preScale = { enabled: true, scaled: true, scalingParameters };
  const imageFrame = {
    rows: slice.rows,
    columns: slice.columns,
    samplesPerPixel: 1,
    photometricInterpretation: slice.photometricInterpretation,
    bitsAllocated: slice.bitsAllocated,
    bitsStored: slice.bitsStored,
    highBit: slice.highBit,
    pixelRepresentation: slice.pixelRepresentation,
    pixelData: values,
    pixelDataLength: values.length,
    smallestPixelValue: min,
    largestPixelValue: max,
    preScale,
  };
  const image = {
    imageId,
    dataType: values.constructor.name,
    color: false,
    columnPixelSpacing: slice.pixelSpacing?.[1] ?? 1,
    rowPixelSpacing: slice.pixelSpacing?.[0] ?? 1,
    columns: slice.columns,
    rows: slice.rows,
    width: slice.columns,
    height: slice.rows,
    preScale,
    intercept: slice.rescaleIntercept ?? 0,
    slope: slice.rescaleSlope ?? 1,
    invert: slice.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: min,
    maxPixelValue: max,
    sizeInBytes: values.byteLength,
    windowCenter: slice.windowCenter[0] ?? fallback.windowCenter,
    windowWidth: slice.windowWidth[0] ?? fallback.windowWidth,
    voiLUTFunction: undefined,
    decodeTimeInMS: 0,
    floatPixelData: undefined,
    imageFrame,
    voxelManager,
    rgba: false,
    getPixelData: () => values,
    getCanvas: undefined,
    numberOfComponents: 1,
  };
  return image as unknown as Types.IImage;
}

/** Slices that arrived while their volume was held (`holdArrivals`), by volume id. */
const held = new Map<string, { holds: number; images: Types.IImage[] }>();

/**
 * Slices arriving from now on are cached (the preview still sees them) but given to the volume
 * only when the returned function is called. While planes are handed a volume and first drawn,
 * every slice given to it would be uploaded in that first draw: with a fast worker, most of the
 * volume, and the first draw seconds late.
 */
export function holdArrivals(volumeId: string): () => void {
  const entry = held.get(volumeId) ?? { holds: 0, images: [] };
  entry.holds++;
  held.set(volumeId, entry);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--entry.holds > 0) return;
    held.delete(volumeId);
    const volume = cache.getVolume(volumeId) as unknown as StreamingVolume | undefined;
    if (volume === undefined || volume.loadStatus.cancelled) return;
    for (const image of entry.images) volume.successCallback(image.imageId, image);
  };
}

/** Gives `image` to the volume, or keeps it until the volume's hold ends. */
function deliver(volume: StreamingVolume, image: Types.IImage): void {
  const hold = held.get(volume.volumeId);
  if (hold !== undefined) hold.images.push(image);
  else volume.successCallback(image.imageId, image);
}

/** Puts a slice from the worker into cornerstone's cache and gives it to the volume. */
function placeArrived(volume: StreamingVolume, image: Types.IImage): void {
  cache.putImageSync(image.imageId, image);
  // As cornerstone announces every image it loads (the preview and the fitted window listen).
  triggerEvent(eventTarget, Enums.Events.IMAGE_LOADED, { image });
  deliver(volume, image);
}

/** Gives the volume the image of that id already in cornerstone's cache or on its way there (a stack's); false when there is none. */
function placeCached(volume: StreamingVolume, imageId: string): boolean {
  const existing = cache.getImageLoadObject(imageId);
  if (existing === undefined) return false;
  existing.promise.then(
    (image) => deliver(volume, image),
    (error: unknown) => volume.errorCallback(imageId, true, error),
  );
  return true;
}

/** cornerstone's own loader for one slice, queued as its streaming volume would have queued it. */
function loadThroughCornerstone(volume: StreamingVolume, imageId: string): void {
  const requestType = Enums.RequestType.Thumbnail;
  const options = { ...volume.getLoaderImageOptions(imageId), priority: 0, requestType };
  const load = (): Promise<void> =>
    imageLoader.loadAndCacheImage(imageId, options).then(
      (image) => volume.successCallback(imageId, image),
      (error: unknown) => volume.errorCallback(imageId, true, error),
    );
  imageLoadPoolManager.addRequest(load, requestType, { imageId, volumeId: volume.volumeId }, 0);
}

/** How many of a volume's slices came from the worker, by volume id (tests and benchmarks read it). */
const fromWorker = new Map<string, number>();

/** The number of `volumeId`'s slices the worker read, or undefined when it read none. */
export function slicesReadInWorker(volumeId: string): number | undefined {
  return fromWorker.get(volumeId);
}

/** A worker started ahead of need (`warmSliceWorker`), taken by the next volume. */
let spare: Worker | undefined;

function newSliceWorker(): Worker {
  return new Worker(new URL('./sliceFetchWorker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts a worker before a volume asks for one: loading and compiling its script takes a
 * hundred milliseconds or more on a busy page, time the middle slice would otherwise wait.
 * Called when a series long enough to be read in MPR opens.
 */
export function warmSliceWorker(): void {
  spare ??= newSliceWorker();
}

/**
 * Starts filling `volume` from the worker; false (nothing started) when the series is not one it
 * reads, and the caller loads the volume cornerstone's way.
 */
export function streamThroughWorker(rawVolume: Types.IImageVolume, modality: string): boolean {
  const volume = rawVolume as unknown as StreamingVolume;
  const { imageIds } = volume;
  const target = volume.dataType;
  if (
    target === undefined ||
    !VOLUME_TYPES.has(target) ||
    imageIds.length === 0 ||
    volume.loadStatus.loading ||
    volume.loadStatus.loaded
  )
    return false;
  const slices = imageIds.map((imageId) => sliceMetadataOf(imageId));
  const layouts = slices.map((slice) => layoutOf(slice, modality, target as VolumeArrayType));
  const urls = imageIds.map(urlOf);
  if (layouts.some((layout) => layout === undefined) || urls.some((url) => url === undefined))
    return false;

  volume.loadStatus.loading = true;
  // cornerstone sets this when it starts loading; the completion check compares with it.
  volume.totalNumFrames = imageIds.length;
  const wanted = new Set(imageIds);
  // The stack's queued prefetch of these very images would download them a second time.
  imageLoadPoolManager.filterRequests(
    ({ additionalDetails }) =>
      !wanted.has((additionalDetails as { imageId?: string } | undefined)?.imageId ?? ''),
  );

  const start: SliceFetchStart = { slices: [] };
  for (const index of middleOutOrder(imageIds.length)) {
    const imageId = imageIds[index]!;
    if (!placeCached(volume, imageId))
      start.slices.push({ index, url: urls[index]!, layout: layouts[index]! });
  }
  if (start.slices.length === 0) return true;
  const worker = spare ?? newSliceWorker();
  spare = undefined;
  const pending = new Set(start.slices.map((slice) => slice.index));
  const stop = (): void => worker.terminate();
  // As long as the volume lives: when it goes (every study closed), so do its worker and count.
  const removed = (event: Event): void => {
    if ((event as CustomEvent<{ volumeId?: string }>).detail.volumeId !== volume.volumeId) return;
    eventTarget.removeEventListener(Enums.Events.VOLUME_CACHE_VOLUME_REMOVED, removed);
    stop();
    fromWorker.delete(volume.volumeId);
  };
  eventTarget.addEventListener(Enums.Events.VOLUME_CACHE_VOLUME_REMOVED, removed);
  const cancel = volume.cancelLoading;
  volume.cancelLoading = () => {
    stop();
    cancel();
  };
  worker.addEventListener('message', (event: MessageEvent<SliceFetchReply>) => {
    const reply = event.data;
    const imageId = imageIds[reply.index]!;
    pending.delete(reply.index);
    if (pending.size === 0) stop();
    if (volume.loadStatus.cancelled || placeCached(volume, imageId)) return;
    if (reply.kind !== 'slice') {
      loadThroughCornerstone(volume, imageId);
      return;
    }
    fromWorker.set(volume.volumeId, (fromWorker.get(volume.volumeId) ?? 0) + 1);
    placeArrived(volume, imageOf(imageId, slices[reply.index]!, modality, reply));
  });
  worker.addEventListener('error', () => {
    // The worker itself failed (not one file): what it had not sent goes cornerstone's way.
    stop();
    for (const index of pending)
      if (!placeCached(volume, imageIds[index]!)) loadThroughCornerstone(volume, imageIds[index]!);
    pending.clear();
  });
  worker.postMessage(start);
  return true;
}
