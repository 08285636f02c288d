/**
 * The library index and its snapshot: the snapshot made of the whole index, and the index
 * rebuilt from a snapshot or from a journal line.
 */
import type { z } from 'zod';
import type { InstanceHeader } from '../dicom/index.js';
import {
  FORMAT,
  VERSION,
  type Header,
  type InstanceTuple,
  type SeriesFields,
  type Snapshot,
  type StudyFields,
} from './libraryIndexFormat.js';
import type { StudyLibrary } from './studyLibrary.js';

/** The whole index as a snapshot of `generation`, with the folders of an unfinished import. */
export function snapshotOf(
  library: StudyLibrary,
  generation: number,
  pendingImport: string[] | null,
): Snapshot {
  const studies: StudyFields[] = [];
  const series: SeriesFields[] = [];
  const instances: InstanceTuple[] = [];
  const studyIndex = new Map<string, number>();
  const seriesIndex = new Map<string, number>();
  for (const instance of library.instances()) {
    const { header } = instance;
    let study = studyIndex.get(header.studyInstanceUid);
    if (study === undefined) {
      study = studies.length;
      studyIndex.set(header.studyInstanceUid, study);
      studies.push({
        studyInstanceUid: header.studyInstanceUid,
        patientName: header.patientName,
        patientId: header.patientId,
        patientBirthDate: header.patientBirthDate,
        studyDate: header.studyDate,
        studyTime: header.studyTime,
        studyDescription: header.studyDescription,
        accessionNumber: header.accessionNumber,
      });
    }
    let seriesAt = seriesIndex.get(header.seriesInstanceUid);
    if (seriesAt === undefined) {
      seriesAt = series.length;
      seriesIndex.set(header.seriesInstanceUid, seriesAt);
      series.push({
        study,
        seriesInstanceUid: header.seriesInstanceUid,
        modality: header.modality,
        seriesNumber: header.seriesNumber ?? null,
        seriesDescription: header.seriesDescription,
        ...(header.sequenceName ? { sequenceName: header.sequenceName } : {}),
        ...(header.bodyPartExamined ? { bodyPartExamined: header.bodyPartExamined } : {}),
      });
    }
    instances.push([
      seriesAt,
      instance.path,
      instance.size,
      instance.mtimeMs ?? 0,
      header.sopInstanceUid,
      header.sopClassUid,
      header.transferSyntaxUid,
      header.instanceNumber ?? null,
      header.numberOfFrames,
      header.rows,
      header.columns,
    ]);
  }
  return {
    format: FORMAT,
    version: VERSION,
    generation,
    pendingImport,
    studies,
    series,
    instances,
  };
}

/** Adds every instance of a snapshot to `library` (nothing is recorded: it is already on disk). */
export function restore(library: StudyLibrary, snapshot: Snapshot): void {
  for (const [
    seriesAt,
    path,
    size,
    mtimeMs,
    sopInstanceUid,
    sopClassUid,
    transferSyntaxUid,
    instanceNumber,
    frames,
    rows,
    columns,
  ] of snapshot.instances) {
    const series = snapshot.series[seriesAt];
    const study = series === undefined ? undefined : snapshot.studies[series.study];
    if (series === undefined || study === undefined) continue;
    const header: InstanceHeader = {
      ...study,
      seriesInstanceUid: series.seriesInstanceUid,
      modality: series.modality,
      seriesNumber: series.seriesNumber ?? undefined,
      seriesDescription: series.seriesDescription,
      ...(series.sequenceName !== undefined ? { sequenceName: series.sequenceName } : {}),
      ...(series.bodyPartExamined !== undefined
        ? { bodyPartExamined: series.bodyPartExamined }
        : {}),
      sopInstanceUid,
      sopClassUid,
      transferSyntaxUid,
      instanceNumber: instanceNumber ?? undefined,
      numberOfFrames: frames,
      rows,
      columns,
      hasPixelData: true,
    };
    library.apply({ op: 'add', path, size, mtimeMs, header });
  }
}

/** A journal line's header, as parsed, as the header the library indexes. */
export function toHeader(header: z.infer<typeof Header>): InstanceHeader {
  return {
    ...header,
    seriesNumber: header.seriesNumber,
    instanceNumber: header.instanceNumber,
  } as InstanceHeader;
}
