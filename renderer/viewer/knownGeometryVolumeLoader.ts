/**
 * A streaming volume laid out from metadata the viewer already has (`seriesMetadata.ts`).
 * cornerstone's own streaming loader first downloads and decodes the first, middle and last
 * files of a wadouri series to learn its geometry; with every slice's header known from main,
 * the volume exists at once and its first request is the slice the reader sees first.
 * Without that metadata it is cornerstone's loader, unchanged.
 */
import {
  cornerstoneStreamingImageVolumeLoader,
  StreamingImageVolume,
  type Types,
  utilities,
} from '@cornerstonejs/core';
import { knowsAll } from './seriesMetadata.js';

export const KNOWN_GEOMETRY_VOLUME_SCHEME = 'mitateKnownGeometryVolume';

type VolumeLoadObject = ReturnType<Types.VolumeLoaderFn>;

export function knownGeometryVolumeLoader(
  volumeId: string,
  options: { imageIds: string[] },
): VolumeLoadObject {
  if (!knowsAll(options.imageIds)) {
    return (cornerstoneStreamingImageVolumeLoader as unknown as Types.VolumeLoaderFn)(
      volumeId,
      options,
    );
  }
  const props = utilities.generateVolumePropsFromImageIds(options.imageIds, volumeId);
  const {
    dimensions,
    spacing,
    origin,
    direction,
    metadata,
    imageIds,
    dataType,
    numberOfComponents,
  } = props;
  const volume = new StreamingImageVolume(
    {
      volumeId,
      metadata,
      dimensions,
      spacing,
      origin,
      direction,
      imageIds,
      dataType,
      numberOfComponents,
    },
    {
      imageIds,
      loadStatus: {
        loaded: false,
        loading: false,
        cancelled: false,
        cachedFrames: [],
        callbacks: [],
      },
    },
  );
  return {
    promise: Promise.resolve(volume),
    decache: () => volume.destroy(),
    cancel: () => volume.cancelLoading(),
  } as unknown as VolumeLoadObject;
}
