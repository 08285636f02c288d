/**
 * The geometry warning of the open series (gantry tilt, uneven slice spacing), read from every
 * slice's header once the loader knows them all.
 */
import { metaData } from '@cornerstonejs/core';
import type { SeriesDetail } from '../../preload/contract/index.js';
import { useViewerStore } from '../state/viewerStore.js';
import { imageIdsForSeries } from './imageIds.js';
import { sliceGeometry, TILT_TOLERANCE_DEGREES, type SlicePlane } from './seriesGeometry.js';

/** Reads slice geometry once every slice's header is known to the loader. */
export function checkGeometry(series: SeriesDetail): void {
  const planes: SlicePlane[] = [];
  for (const imageId of imageIdsForSeries(series)) {
    const plane = metaData.get('imagePlaneModule', imageId) as Partial<SlicePlane> | undefined;
    if (plane?.imagePositionPatient == null || plane.imageOrientationPatient == null) return;
    planes.push(plane as SlicePlane);
  }
  const geometry = sliceGeometry(planes);
  if (geometry === undefined) return;
  const gaps = geometry.gaps.map(Math.abs);
  useViewerStore.getState().update({
    geometry: {
      seriesId: series.id,
      tiltDegrees: geometry.tiltDegrees > TILT_TOLERANCE_DEGREES ? geometry.tiltDegrees : undefined,
      unevenSpacing: geometry.uneven
        ? { min: Math.min(...gaps), max: Math.max(...gaps) }
        : undefined,
    },
  });
}
