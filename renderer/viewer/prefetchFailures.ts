/**
 * cornerstone tools 5.14's stack prefetch queues `loadAndCacheImage(...).then(...)` with no catch
 * (tools utilities/stackPrefetch/stackPrefetch.js), so an image that can no longer be fetched —
 * its file moved or deleted, or its study closed while prefetch was still running — ends as an
 * unhandled promise rejection. The failure itself is already reported through cornerstone's
 * IMAGE_LOAD_FAILED event, which the viewport shows; here only that rejection is marked handled.
 * It is recognised by the wadouri loader's rejection shape, `{ error }` and nothing else
 * (dicom-image-loader imageLoader/wadouri/loadImage.js), so every other rejection still surfaces.
 */
export function absorbPrefetchFailures(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (isImageLoaderRejection(event.reason)) event.preventDefault();
  });
}

function isImageLoaderRejection(reason: unknown): boolean {
  if (
    typeof reason !== 'object' ||
    reason === null ||
    Object.getPrototypeOf(reason) !== Object.prototype
  )
    return false;
  const keys = Object.keys(reason);
  return keys.length === 1 && keys[0] === 'error';
}
