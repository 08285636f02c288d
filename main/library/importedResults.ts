/**
 * SEGs and SRs the doctor imported with a study (third-party results such as highdicom's or
 * dcmqi's), listed beside its images as results rather than image series: a SEG is indexed like
 * an image (it has pixel data) but is not one to page through, and an SR is not indexed at all
 * (main/results finds it beside the study's files). Opening one opens the review.
 */
import type { LibraryResultSeries } from '../../preload/contract/index.js';
import {
  describeResultFile,
  isResultClass,
  reportsBeside,
  type ResultDescription,
} from '../results/index.js';
import { opaqueId, type IndexedInstance } from './studyLibrary.js';

export class ImportedResults {
  /** Per file (path, size, time): a SEG is read whole, so each is read once while it stays the same. */
  private readonly described = new Map<string, ResultDescription | undefined>();

  /** The result series among a study's files, newest first; `skip` lists series already shown as the pipeline's AI results. */
  async forStudy(
    instances: readonly IndexedInstance[],
    skip: ReadonlySet<string>,
  ): Promise<LibraryResultSeries[]> {
    const bySeries = new Map<
      string,
      { files: { path: string; key: string }[]; indexed: boolean }
    >();
    const add = (seriesUid: string, path: string, key: string, indexed: boolean): void => {
      if (skip.has(seriesUid)) return;
      const entry = bySeries.get(seriesUid) ?? { files: [], indexed };
      entry.files.push({ path, key });
      bySeries.set(seriesUid, entry);
    };
    for (const instance of instances) {
      if (isResultClass(instance.header.sopClassUid))
        add(
          instance.header.seriesInstanceUid,
          instance.path,
          `${instance.path}\0${instance.size}\0${instance.mtimeMs ?? ''}`,
          true,
        );
    }
    for (const report of await reportsBeside(instances))
      add(report.seriesInstanceUid, report.path, '', false);
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
  private async describe(path: string, key: string): Promise<ResultDescription | undefined> {
    if (key !== '' && this.described.has(key)) return this.described.get(key);
    const described = await describeResultFile(path);
    if (key !== '') this.described.set(key, described);
    return described;
  }
}
