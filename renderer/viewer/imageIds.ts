import { INSTANCE_URL_PREFIX, type SeriesDetail } from '../../preload/contract/index.js';

/** One image id per frame, in display order, for cornerstone's wadouri loader. */
export function imageIdsForSeries(series: SeriesDetail): string[] {
  return series.instances.flatMap((instance) => {
    const url = `wadouri:${INSTANCE_URL_PREFIX}${instance.id}`;
    if (instance.frames === 1) return [url];
    return Array.from({ length: instance.frames }, (_, frame) => `${url}?frame=${frame + 1}`);
  });
}
