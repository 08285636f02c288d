/**
 * SEGs and SRs the doctor imported with a study (third-party results such as highdicom's or
 * dcmqi's), listed beside its images as results rather than image series: a SEG is indexed like
 * an image (it has pixel data) but is not one to page through, and an SR is not indexed at all
 * (main/review/reportsBeside.ts finds it beside the study's files). Opening one opens the review.
 * Marked AI only when its Contributing Equipment says so (IHE AIR), never from a guess.
 */
import { readFile } from 'node:fs/promises';
import type { LibraryResultSeries } from '../../preload/contract/index.js';
import { readDataset, text } from '../review/dicomDataset.js';
import { algorithmOf } from '../review/measurementReport.js';
import { reportsBeside } from '../review/reportsBeside.js';
import { resultTime } from '../review/resultTime.js';
import { summariseSegmentation } from '../review/segmentationSummary.js';
import { opaqueId, type IndexedInstance } from './studyLibrary.js';

const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

export const isResultClass = (sopClassUid: string): boolean => sopClassUid === SEG_CLASS || sopClassUid.startsWith(SR_CLASS_PREFIX);

type Described = Pick<LibraryResultSeries, 'modality' | 'description' | 'algorithm' | 'time'>;

export class ImportedResults {
  /** Per file (path, size, time): a SEG is read whole, so each is read once while it stays the same. */
  private readonly described = new Map<string, Described | undefined>();

  /** The result series among a study's files, newest first; `skip` lists series already shown as the pipeline's AI results. */
  async forStudy(instances: readonly IndexedInstance[], skip: ReadonlySet<string>): Promise<LibraryResultSeries[]> {
    const bySeries = new Map<string, { files: { path: string; key: string }[]; indexed: boolean }>();
    const add = (seriesUid: string, path: string, key: string, indexed: boolean): void => {
      if (skip.has(seriesUid)) return;
      const entry = bySeries.get(seriesUid) ?? { files: [], indexed };
      entry.files.push({ path, key });
      bySeries.set(seriesUid, entry);
    };
    for (const instance of instances) {
      if (isResultClass(instance.header.sopClassUid)) add(instance.header.seriesInstanceUid, instance.path, `${instance.path}\0${instance.size}\0${instance.mtimeMs ?? ''}`, true);
    }
    for (const report of await reportsBeside(instances)) add(report.seriesInstanceUid, report.path, '', false);
    const listed: LibraryResultSeries[] = [];
    for (const [seriesInstanceUid, { files, indexed }] of bySeries) {
      const first = files[0]!;
      const described = await this.describe(first.path, first.key);
      if (described === undefined) continue;
      listed.push({
        kind: 'imported',
        seriesInstanceUid,
        ...(indexed ? { seriesId: opaqueId('series', seriesInstanceUid) } : {}),
        objects: files.length,
        ...described,
      });
    }
    return listed.sort((a, b) => b.time.localeCompare(a.time));
  }

  /** `key` empty: not kept (SRs beside the study are small and read anyway). */
  private async describe(path: string, key: string): Promise<Described | undefined> {
    if (key !== '' && this.described.has(key)) return this.described.get(key);
    const bytes = await readFile(path).catch(() => undefined);
    let described: Described | undefined;
    if (bytes !== undefined) {
      const dataset = readDataset(bytes);
      // The same rule as the review's AI mark, so the list and the review never disagree: a SEG is
      // AI when Contributing Equipment names the algorithm or a segment says AUTOMATIC (PS3.3
      // C.8.20.4, Segment Algorithm Type), an SR only by Contributing Equipment.
      const algorithm = text(dataset.Modality) === 'SEG' ? summariseSegmentation(dataset).algorithm : algorithmOf(dataset);
      const description = text(dataset.SeriesDescription).slice(0, 64);
      described = {
        modality: text(dataset.Modality).slice(0, 16),
        ...(description === '' ? {} : { description }),
        ...(algorithm === undefined ? {} : { algorithm }),
        time: resultTime(dataset) ?? '',
      };
    }
    if (key !== '') this.described.set(key, described);
    return described;
  }
}
