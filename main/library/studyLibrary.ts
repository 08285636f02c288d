import { createHash } from 'node:crypto';
import type { InstanceHeader } from '../dicom/readHeader.js';
import type { SeriesDetail, StudySummary } from '../../preload/contract.js';

/**
 * The in-memory index of imported instances: patient / study / series / instance.
 *
 * Identifiers given to the renderer are short hashes, stable across imports of the same files,
 * so the renderer never needs a file path and cannot ask for a file outside the index. An
 * instance id also covers the file it was read from: the renderer caches decoded images by id,
 * and another file with the same SOP Instance UID must never be shown from that cache.
 */

export interface IndexedInstance {
  id: string;
  path: string;
  size: number;
  header: InstanceHeader;
  /** Import order, the tie-breaker when Instance Numbers are missing or equal. */
  order: number;
}

interface IndexedSeries {
  id: string;
  header: InstanceHeader;
  instances: IndexedInstance[];
}

interface IndexedStudy {
  id: string;
  header: InstanceHeader;
  series: Map<string, IndexedSeries>;
}

export function opaqueId(kind: string, uid: string): string {
  return createHash('sha256').update(`${kind}:${uid}`).digest('base64url').slice(0, 22);
}

export class StudyLibrary {
  private readonly studiesByUid = new Map<string, IndexedStudy>();
  private readonly instancesById = new Map<string, IndexedInstance>();
  private readonly sopInstanceUids = new Set<string>();
  private nextOrder = 0;

  /** Adds an instance; the first copy of a SOP Instance UID wins and later copies are duplicates. */
  add(path: string, size: number, header: InstanceHeader): 'added' | 'duplicate' {
    if (this.sopInstanceUids.has(header.sopInstanceUid)) return 'duplicate';
    const id = opaqueId('instance', `${header.sopInstanceUid}\0${path}`);
    let study = this.studiesByUid.get(header.studyInstanceUid);
    if (study === undefined) {
      study = { id: opaqueId('study', header.studyInstanceUid), header, series: new Map() };
      this.studiesByUid.set(header.studyInstanceUid, study);
    }
    let series = study.series.get(header.seriesInstanceUid);
    if (series === undefined) {
      series = { id: opaqueId('series', header.seriesInstanceUid), header, instances: [] };
      study.series.set(header.seriesInstanceUid, series);
    }
    const instance: IndexedInstance = { id, path, size, header, order: this.nextOrder++ };
    series.instances.push(instance);
    this.instancesById.set(id, instance);
    this.sopInstanceUids.add(header.sopInstanceUid);
    return 'added';
  }

  instance(id: string): IndexedInstance | undefined {
    return this.instancesById.get(id);
  }

  clear(): void {
    this.studiesByUid.clear();
    this.instancesById.clear();
    this.sopInstanceUids.clear();
  }

  /** Studies, newest study date first. */
  studies(): StudySummary[] {
    return [...this.studiesByUid.values()]
      .map((study) => summarise(study))
      .sort((a, b) => (a.studyDate === b.studyDate ? 0 : a.studyDate < b.studyDate ? 1 : -1));
  }

  /** Summaries of the given studies only (what one import touched), in the usual order. */
  studySummaries(studyInstanceUids: Iterable<string>): StudySummary[] {
    const ids = new Set([...studyInstanceUids].map((uid) => opaqueId('study', uid)));
    return this.studies().filter((summary) => ids.has(summary.id));
  }

  series(studyId: string): SeriesDetail[] | undefined {
    const study = [...this.studiesByUid.values()].find((candidate) => candidate.id === studyId);
    if (study === undefined) return undefined;
    return [...study.series.values()]
      .map((series) => describeSeries(study.id, series))
      .sort((a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER));
  }
}

function imageCount(instances: readonly IndexedInstance[]): number {
  return instances.reduce((sum, instance) => sum + instance.header.numberOfFrames, 0);
}

function summarise(study: IndexedStudy): StudySummary {
  const series = [...study.series.values()];
  const { header } = study;
  return {
    id: study.id,
    patientName: header.patientName,
    patientId: header.patientId,
    patientBirthDate: header.patientBirthDate,
    studyDate: header.studyDate,
    studyDescription: header.studyDescription,
    modalities: [...new Set(series.map((s) => s.header.modality).filter((m) => m !== ''))],
    seriesCount: series.length,
    imageCount: series.reduce((sum, s) => sum + imageCount(s.instances), 0),
  };
}

function describeSeries(studyId: string, series: IndexedSeries): SeriesDetail {
  const instances = [...series.instances].sort(
    (a, b) =>
      (a.header.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.header.instanceNumber ?? Number.MAX_SAFE_INTEGER) ||
      a.order - b.order,
  );
  const { header } = series;
  return {
    id: series.id,
    studyId,
    number: header.seriesNumber ?? null,
    description: header.seriesDescription,
    modality: header.modality,
    rows: header.rows,
    columns: header.columns,
    imageCount: imageCount(instances),
    instances: instances.map((instance) => ({ id: instance.id, frames: instance.header.numberOfFrames })),
  };
}
