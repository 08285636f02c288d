/**
 * What the library's result list shows of a result file it did not receive itself (a SEG or SR
 * imported with the study): modality, series description, the algorithm when it is marked as AI,
 * and when it was made. Marked AI only when its Contributing Equipment says so (IHE AIR), never
 * from a guess.
 */
import { readFile } from 'node:fs/promises';
import type { LibraryResultSeries } from '../../preload/contract/index.js';
import { readDataset, text } from './dicomDataset.js';
import { algorithmOf } from './measurementReport.js';
import { resultTime } from './resultTime.js';
import { summariseSegmentation } from './segmentationSummary.js';

export type ResultDescription = Pick<
  LibraryResultSeries,
  'modality' | 'description' | 'algorithm' | 'time'
>;

/** Undefined when the file cannot be read. */
export async function describeResultFile(path: string): Promise<ResultDescription | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const dataset = readDataset(bytes);
  // The same rule as the review's AI mark, so the list and the review never disagree: a SEG is
  // AI when Contributing Equipment names the algorithm or a segment says AUTOMATIC (PS3.3
  // C.8.20.4, Segment Algorithm Type), an SR only by Contributing Equipment.
  const algorithm =
    text(dataset.Modality) === 'SEG'
      ? summariseSegmentation(dataset).algorithm
      : algorithmOf(dataset);
  const description = text(dataset.SeriesDescription).slice(0, 64);
  return {
    modality: text(dataset.Modality).slice(0, 16),
    ...(description === '' ? {} : { description }),
    ...(algorithm === undefined ? {} : { algorithm }),
    time: resultTime(dataset) ?? '',
  };
}
