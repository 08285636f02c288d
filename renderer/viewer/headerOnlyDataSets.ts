/**
 * Once a slice is decoded, the file it came from is dropped and only its header is kept.
 *
 * dicom-image-loader keeps every parsed file whole: in its data-set cache (which its metadata
 * provider reads) and again on each decoded image (`image.data`). For a 512x512x600 CT that is
 * the 300 MB of files beside the 300 MB of decoded voxels, twice the volume for nothing. Here the
 * file bytes go as soon as the image is decoded; a copy of the header (the bytes before Pixel
 * Data, a few kilobytes, overlays 60xx included since they come first) answers metadata
 * questions from then on. A later load of the same image (after a cache purge) fetches the file
 * again, since the loader's own cache no longer has it.
 */
import { Enums, eventTarget, metaData, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type dicomParser from 'dicom-parser';
import { hasOverlayPlanes } from './overlays/overlayPlanes.js';

const { dataSetCacheManager, metaData: loaderMetaData } = dicomImageLoader.wadouri;

const PIXEL_DATA_TAGS = ['x7fe00010', 'x7fe00008', 'x7fe00009'];

/** Header copies by the loader's URL (the image id without its scheme). */
const headers = new Map<string, dicomParser.DataSet>();

function urlOf(imageId: string): string | undefined {
  // Frames of one multi-frame file share its data set; those stay with the loader.
  if (!imageId.startsWith('wadouri:') || imageId.includes('frame=')) return undefined;
  return imageId.slice('wadouri:'.length);
}

/** A copy of `source` over `byteArray` (its first `cut` bytes), without what lies past the cut. */
function headerCopy(
  source: dicomParser.DataSet,
  byteArray: Uint8Array,
  cut: number,
): dicomParser.DataSet {
  const elements: Record<string, dicomParser.Element> = {};
  for (const [tag, element] of Object.entries(source.elements)) {
    if (element.dataOffset >= cut || PIXEL_DATA_TAGS.includes(tag)) continue;
    // Sequence items are data sets over the same file bytes.
    elements[tag] =
      element.items === undefined
        ? { ...element }
        : {
            ...element,
            items: element.items.map((item) => ({
              ...item,
              dataSet:
                item.dataSet === undefined ? undefined : headerCopy(item.dataSet, byteArray, cut),
            })),
          };
  }
  // The loader's own objects are left as they are: their prototype gives string(), uint16() ...
  return Object.assign(
    Object.create(Object.getPrototypeOf(source) as object) as dicomParser.DataSet,
    source,
    { elements, byteArray },
  );
}

/** The header of a parsed file in bytes of its own, or undefined when it has no pixel data. */
function headerOf(dataSet: dicomParser.DataSet): dicomParser.DataSet | undefined {
  const pixels = PIXEL_DATA_TAGS.map((tag) => dataSet.elements[tag]).find(
    (element) => element !== undefined,
  );
  if (pixels === undefined) return undefined;
  return headerCopy(dataSet, dataSet.byteArray.slice(0, pixels.dataOffset), pixels.dataOffset);
}

function release(image: Types.IImage & { data?: dicomParser.DataSet }): void {
  const url = urlOf(image.imageId);
  if (url === undefined) return;
  const dataSet = dataSetCacheManager.get(url) as dicomParser.DataSet | undefined;
  // Files with overlay planes (60xx) stay whole: the overlay layer reads their bits from the
  // loader's data set when it draws, and the retired form keeps them inside Pixel Data itself.
  // Such files are old MR/CR images, never the big CT volumes this release is for.
  if (dataSet === undefined || hasOverlayPlanes(dataSet)) return;
  const header = headers.get(url) ?? headerOf(dataSet);
  if (header === undefined) return;
  headers.set(url, header);
  image.data = header;
  // The loader counts one use per load of the URL; drop them all, the image holds no view of it.
  while (dataSetCacheManager.isLoaded(url)) dataSetCacheManager.unload(url);
}

let installed = false;

/** Starts dropping file bytes after decoding; idempotent. */
export function keepHeadersOnly(): void {
  if (installed) return;
  installed = true;
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, (event: Event) => {
    release((event as CustomEvent<{ image: Types.IImage }>).detail.image);
  });
  // Below the loader's own provider, which answers while it still holds the whole file.
  metaData.addProvider((type: string, imageId: string) => {
    const url = typeof imageId === 'string' ? urlOf(imageId) : undefined;
    const header = url === undefined ? undefined : headers.get(url);
    return header === undefined
      ? undefined
      : (loaderMetaData.metadataForDataset(type, imageId, header) as unknown);
  }, -1000);
}

/** Forgets the kept headers (every study closed). */
export function forgetHeaders(): void {
  headers.clear();
}
