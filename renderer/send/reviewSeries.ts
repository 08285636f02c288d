import type { HeldImage, ReviewPicture, SendPreview } from '../../preload/contract/index.js';

type Masked = SendPreview['studies'][number]['masked'][number];

/** One image of the review: what is done to it and, when made, its picture. */
export interface ReviewItem {
  sopInstanceUid: string;
  masked: Masked | undefined;
  held: HeldImage | undefined;
  picture: ReviewPicture | undefined;
}

export interface ReviewSeries {
  seriesInstanceUid: string;
  items: ReviewItem[];
  masked: number;
  held: number;
}

/**
 * The preview's masked and held images and pictures, series by series (in the order the engine
 * met them): what the doctor checks before anything leaves.
 */
export function reviewSeries(preview: SendPreview): ReviewSeries[] {
  const series = new Map<string, ReviewSeries>();
  const items = new Map<string, ReviewItem>();
  const item = (sopInstanceUid: string, seriesInstanceUid: string): ReviewItem => {
    let group = series.get(seriesInstanceUid);
    if (group === undefined) {
      group = { seriesInstanceUid, items: [], masked: 0, held: 0 };
      series.set(seriesInstanceUid, group);
    }
    let found = items.get(sopInstanceUid);
    if (found === undefined) {
      found = { sopInstanceUid, masked: undefined, held: undefined, picture: undefined };
      items.set(sopInstanceUid, found);
      group.items.push(found);
    }
    return found;
  };
  for (const picture of preview.pictures ?? [])
    item(picture.sopInstanceUid, picture.seriesInstanceUid).picture = picture;
  for (const held of preview.held ?? []) {
    item(held.sopInstanceUid, held.seriesInstanceUid).held = held;
    series.get(held.seriesInstanceUid)!.held++;
  }
  for (const study of preview.studies)
    for (const masked of study.masked) {
      const seriesUid = masked.seriesInstanceUid ?? '';
      item(masked.sopInstanceUid, seriesUid).masked = masked;
      series.get(seriesUid)!.masked++;
    }
  return [...series.values()];
}

/** Attributes whose text was cleaned of local wording (descriptions, coded meanings). */
export function descriptorsCleaned(preview: SendPreview): number {
  return preview.studies
    .flatMap((study) => study.entries)
    .filter((entry) => entry.action === 'cleaned').length;
}
