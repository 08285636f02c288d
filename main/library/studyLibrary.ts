import { hash } from 'node:crypto';
import type { InstanceHeader } from '../dicom/index.js';
import type { SeriesDetail, StudySummary } from '../../preload/contract/index.js';

/**
 * The in-memory index of imported instances: patient / study / series / instance.
 *
 * Identifiers given to the renderer are short hashes, stable across imports of the same files,
 * so the renderer never needs a file path and cannot ask for a file outside the index. An
 * instance id also covers the file it was read from: the renderer caches decoded images by id,
 * and another file with the same SOP Instance UID must never be shown from that cache.
 *
 * Every change is also handed, as a `LibraryChange`, to the attached recorder (the on-disk
 * journal), so the index survives a restart and a crash; replaying the changes rebuilds it.
 */

export interface IndexedInstance {
  id: string;
  path: string;
  size: number;
  /** Modification time when indexed: a file with the same path, size and time is not read again. */
  mtimeMs?: number;
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

export interface FileIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

export type LibraryChange =
  | ({ op: 'add'; header: InstanceHeader } & FileIdentity)
  | ({ op: 'relink'; sopInstanceUid: string } & FileIdentity)
  | { op: 'clear' };

export function opaqueId(kind: string, uid: string): string {
  // One-shot hash: reopening a 10,000-instance library computes 10,000 of these.
  return hash('sha256', `${kind}:${uid}`, 'base64url').slice(0, 22);
}

export class StudyLibrary {
  private readonly studiesByUid = new Map<string, IndexedStudy>();
  private readonly studiesById = new Map<string, IndexedStudy>();
  private readonly seriesById = new Map<string, IndexedSeries>();
  private readonly instancesById = new Map<string, IndexedInstance>();
  private readonly instancesBySop = new Map<string, IndexedInstance>();
  private readonly instancesByPath = new Map<string, IndexedInstance>();
  private nextOrder = 0;
  private recorder: ((change: LibraryChange) => void) | undefined;

  /** Every later change is passed to `recorder` (the journal); `undefined` stops recording. */
  record(recorder: ((change: LibraryChange) => void) | undefined): void {
    this.recorder = recorder;
  }

  /** Re-applies a recorded change (journal replay); nothing is recorded again. */
  apply(change: LibraryChange): void {
    const recorder = this.recorder;
    this.recorder = undefined;
    try {
      if (change.op === 'add') this.add(change, change.header);
      else if (change.op === 'relink') this.relink(change.sopInstanceUid, change);
      else this.clear();
    } finally {
      this.recorder = recorder;
    }
  }

  get instanceCount(): number {
    return this.instancesById.size;
  }

  /** Adds an instance; the first copy of a SOP Instance UID wins and later copies are duplicates. */
  add(identity: FileIdentity, header: InstanceHeader): 'added' | 'duplicate' {
    if (this.instancesBySop.has(header.sopInstanceUid)) return 'duplicate';
    let study = this.studiesByUid.get(header.studyInstanceUid);
    if (study === undefined) {
      study = { id: opaqueId('study', header.studyInstanceUid), header, series: new Map() };
      this.studiesByUid.set(header.studyInstanceUid, study);
      this.studiesById.set(study.id, study);
    }
    let series = study.series.get(header.seriesInstanceUid);
    if (series === undefined) {
      series = { id: opaqueId('series', header.seriesInstanceUid), header, instances: [] };
      study.series.set(header.seriesInstanceUid, series);
      this.seriesById.set(series.id, series);
    }
    const instance: IndexedInstance = {
      id: instanceId(header.sopInstanceUid, identity.path),
      path: identity.path,
      size: identity.size,
      mtimeMs: identity.mtimeMs,
      header,
      order: this.nextOrder++,
    };
    series.instances.push(instance);
    this.instancesById.set(instance.id, instance);
    this.instancesBySop.set(header.sopInstanceUid, instance);
    this.instancesByPath.set(instance.path, instance);
    this.recorder?.({
      op: 'add',
      path: identity.path,
      size: identity.size,
      mtimeMs: identity.mtimeMs,
      header,
    });
    return 'added';
  }

  /** Points an indexed instance at the file it now lives in (the old one was moved or deleted). */
  relink(sopInstanceUid: string, file: FileIdentity): boolean {
    const instance = this.instancesBySop.get(sopInstanceUid);
    if (instance === undefined) return false;
    this.instancesById.delete(instance.id);
    if (this.instancesByPath.get(instance.path) === instance)
      this.instancesByPath.delete(instance.path);
    instance.id = instanceId(sopInstanceUid, file.path);
    instance.path = file.path;
    instance.size = file.size;
    instance.mtimeMs = file.mtimeMs;
    this.instancesById.set(instance.id, instance);
    this.instancesByPath.set(file.path, instance);
    this.recorder?.({ op: 'relink', sopInstanceUid, ...file });
    return true;
  }

  /** The instance indexed from exactly this file, unchanged since (same size and time). */
  unchangedFile(file: FileIdentity): IndexedInstance | undefined {
    const instance = this.instancesByPath.get(file.path);
    return instance !== undefined &&
      instance.size === file.size &&
      instance.mtimeMs === file.mtimeMs
      ? instance
      : undefined;
  }

  instance(id: string): IndexedInstance | undefined {
    return this.instancesById.get(id);
  }

  instanceBySop(sopInstanceUid: string): IndexedInstance | undefined {
    return this.instancesBySop.get(sopInstanceUid);
  }

  /** All instances in import order (for the snapshot). */
  instances(): IndexedInstance[] {
    return [...this.instancesById.values()].sort((a, b) => a.order - b.order);
  }

  /** Instances of one study, or undefined for an unknown id. */
  studyInstances(studyId: string): IndexedInstance[] | undefined {
    const study = this.studiesById.get(studyId);
    return study === undefined
      ? undefined
      : [...study.series.values()].flatMap((series) => series.instances);
  }

  /** Instances of one series in display order, or undefined for an unknown id. */
  seriesInstances(seriesId: string): IndexedInstance[] | undefined {
    const series = this.seriesById.get(seriesId);
    return series === undefined ? undefined : displayOrder(series.instances);
  }

  clear(): void {
    this.studiesByUid.clear();
    this.studiesById.clear();
    this.seriesById.clear();
    this.instancesById.clear();
    this.instancesBySop.clear();
    this.instancesByPath.clear();
    this.recorder?.({ op: 'clear' });
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

  /**
   * The series of a study. Instances whose id is in `missing` (their file was moved or deleted)
   * are left out and counted, so the viewer never asks for a file that is not there.
   */
  series(studyId: string, missing: ReadonlySet<string> = new Set()): SeriesDetail[] | undefined {
    const study = this.studiesById.get(studyId);
    if (study === undefined) return undefined;
    return [...study.series.values()]
      .map((series) => describeSeries(study.id, series, missing))
      .sort(
        (a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER),
      );
  }
}

function instanceId(sopInstanceUid: string, path: string): string {
  return opaqueId('instance', `${sopInstanceUid}\0${path}`);
}

function imageCount(instances: readonly IndexedInstance[]): number {
  return instances.reduce((sum, instance) => sum + instance.header.numberOfFrames, 0);
}

function displayOrder(instances: readonly IndexedInstance[]): IndexedInstance[] {
  return [...instances].sort(
    (a, b) =>
      (a.header.instanceNumber ?? Number.MAX_SAFE_INTEGER) -
        (b.header.instanceNumber ?? Number.MAX_SAFE_INTEGER) || a.order - b.order,
  );
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
    accessionNumber: header.accessionNumber,
    modalities: [...new Set(series.map((s) => s.header.modality).filter((m) => m !== ''))],
    seriesCount: series.length,
    imageCount: series.reduce((sum, s) => sum + imageCount(s.instances), 0),
  };
}

function describeSeries(
  studyId: string,
  series: IndexedSeries,
  missing: ReadonlySet<string>,
): SeriesDetail {
  const ordered = displayOrder(series.instances);
  const present = ordered.filter((instance) => !missing.has(instance.id));
  const { header } = series;
  return {
    id: series.id,
    studyId,
    number: header.seriesNumber ?? null,
    description: header.seriesDescription,
    modality: header.modality,
    rows: header.rows,
    columns: header.columns,
    imageCount: imageCount(present),
    instances: present.map((instance) => ({
      id: instance.id,
      frames: instance.header.numberOfFrames,
    })),
    missingFiles: ordered.length - present.length,
    ...(header.sequenceName ? { sequenceName: header.sequenceName.slice(0, 64) } : {}),
  };
}
