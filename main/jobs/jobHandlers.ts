/**
 * The jobs channels: preview what a send would do, send a study (or some of its series) to a
 * catalog service, list jobs, retry, cancel, and the AI results of a study. `createHandlers`
 * joins these with the other features'. Unfinished jobs are taken up again after each login (they need its token).
 */
import type { AiResultView, JobView, SendPreview } from '../../preload/contract/index.js';
import { auditPatient } from '../audit/index.js';
import type { AuthSession } from '../auth/index.js';
import type { CatalogSync } from '../catalog/index.js';
import type { DeidReport, ReviewImage } from '../deid/index.js';
import { DEIDENTIFICATION_OPTIONS_BY_CODE } from './deidOptionCodes.js';
import { DicomwebClient } from '../dicomweb/index.js';
import { HandlerError } from '../errors/index.js';
import { platformUrlOf, type Feature, type HostServices } from '../host/index.js';
import { osKeychain } from '../keychain/index.js';
import { opaqueId, type StudyLibrary } from '../library/index.js';
import { loadPseudonymKeys } from '../vault/index.js';
import { PseudonymVault } from '../vault/index.js';
import { join } from 'node:path';
import type { AiResultEntry } from '../results/index.js';
import { JobRunner } from './jobRunner.js';
import type { SendJob } from './sendJob.js';
import { applyDeidentificationFloor } from '../policy/index.js';

/** What the jobs use of the features built before them. */
export interface JobUses {
  /** The files of the study (or series) to send. */
  library: StudyLibrary;
  /** The access token for the platform; unfinished jobs resume after each login. */
  session: Promise<AuthSession>;
  /** The service a job is sent to, and its de-identification options. */
  catalog: CatalogSync;
}

/** The jobs channels, and the runner behind them. */
export interface JobsFeature extends Feature<'jobs'> {
  runner: JobRunner;
}

/** The DICOMweb root of a platform (the reference platform's layout, PS3.18 §8.2 base URL). */
export function dicomwebRootOf(platformUrl: string): string {
  return `${platformUrl.replace(/\/+$/, '')}/dicomweb`;
}

export function jobView(job: SendJob): JobView {
  return {
    id: job.id,
    state: job.state,
    serviceId: job.service.id,
    serviceVersion: job.service.version,
    studyId: opaqueId('study', job.source.studyInstanceUid),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    progress: job.progress,
    ...(job.failure === undefined ? {} : { failure: job.failure }),
    results: job.results.length,
    refused: job.refused,
  };
}

export function previewView(
  report: DeidReport,
  pictures: readonly ReviewImage[] = [],
): SendPreview {
  return {
    profile: { edition: report.profile.edition, options: report.profile.options },
    studies: report.studies.map((study) => ({
      instances: study.instances,
      series: study.series,
      entries: study.entries.map((entry) => ({
        tag: entry.tag,
        ...(entry.keyword === undefined ? {} : { keyword: entry.keyword }),
        action: entry.action,
        rule: entry.reason.rule,
        source: entry.reason.source,
        nested: entry.nested,
        count: entry.count,
      })),
      masked: study.masked.map((masked) => ({
        sopInstanceUid: masked.sopInstanceUid,
        ...(masked.seriesInstanceUid === undefined
          ? {}
          : { seriesInstanceUid: masked.seriesInstanceUid }),
        rule: masked.rule,
        regions: masked.regions,
        ...(masked.detected === undefined ? {} : { detected: masked.detected }),
        frames: masked.frames,
        ...(masked.reviewed === undefined ? {} : { reviewed: masked.reviewed }),
      })),
      defaced: study.defaced,
    })),
    excluded: report.excluded.map((excluded) => ({ reason: excluded.reason })),
    held: (report.held ?? []).map((held) => ({
      sopInstanceUid: held.sopInstanceUid,
      seriesInstanceUid: held.seriesInstanceUid,
      reason: held.reason,
      regions: held.regions,
      frames: held.frames,
    })),
    pictures: pictures.map((picture) => ({
      sopInstanceUid: picture.sopInstanceUid,
      seriesInstanceUid: picture.seriesInstanceUid,
      width: picture.width,
      height: picture.height,
      scale: picture.scale,
      png: Buffer.from(picture.png).toString('base64'),
    })),
  };
}

function resultView(entry: AiResultEntry): AiResultView {
  return {
    sopInstanceUid: entry.sopInstanceUid,
    seriesInstanceUid: entry.seriesInstanceUid,
    sopClassUid: entry.sopClassUid,
    modality: entry.modality,
    serviceId: entry.serviceId,
    serviceVersion: entry.serviceVersion,
    algorithm: entry.algorithm,
    receivedAt: entry.receivedAt,
  };
}

export function createJobHandlers(
  host: HostServices,
  { library, session, catalog }: JobUses,
): JobsFeature {
  const keychain = host.keychain ?? osKeychain();
  let vault: Promise<PseudonymVault> | undefined;
  const runner = new JobRunner({
    dataDir: host.dataDir,
    client: (destination) =>
      new DicomwebClient({
        baseUrl: destination,
        accessToken: async () => (await session).accessToken(),
      }),
    filesOf: async (source) =>
      library
        .instances()
        .filter(
          (instance) =>
            instance.header.studyInstanceUid === source.studyInstanceUid &&
            (source.seriesInstanceUids.length === 0 ||
              source.seriesInstanceUids.includes(instance.header.seriesInstanceUid)),
        )
        .map((instance) => instance.path),
    keys: () => loadPseudonymKeys(keychain),
    vault: () => {
      vault ??= PseudonymVault.open(join(host.dataDir, 'vault'), keychain);
      vault.catch(() => (vault = undefined));
      return vault;
    },
    ...(host.audit === undefined ? {} : { audit: host.audit }),
    patientsOf: (source) => {
      const first = library
        .instances()
        .find((instance) => instance.header.studyInstanceUid === source.studyInstanceUid);
      return first === undefined
        ? []
        : [auditPatient(first.header.patientId, first.header.patientName)];
    },
    onChange: (job) => host.emit('jobs.changed', jobView(job)),
    onResults: (job) =>
      host.emit('jobs.resultsReady', {
        jobId: job.id,
        studyId: opaqueId('study', job.source.studyInstanceUid),
        results: job.results.length,
      }),
  });
  void runner.load().catch(() => undefined);
  void session.then((auth) => {
    auth.onSignedIn(() => void runner.resume().catch(() => undefined));
    if (auth.accessToken() !== undefined) void runner.resume().catch(() => undefined);
  });

  /** The study (and chosen series) behind renderer ids, as original UIDs. */
  const sourceOf = (request: {
    studyId: string;
    seriesIds?: string[] | undefined;
  }): SendJob['source'] => {
    const instances = library.studyInstances(request.studyId);
    if (instances === undefined || instances.length === 0)
      throw new HandlerError('not_found', 'study');
    const seriesIds = request.seriesIds ?? [];
    const chosen = instances.filter(
      (instance) =>
        seriesIds.length === 0 ||
        seriesIds.includes(opaqueId('series', instance.header.seriesInstanceUid)),
    );
    if (chosen.length === 0) throw new HandlerError('not_found', 'series');
    return {
      studyInstanceUid: instances[0]!.header.studyInstanceUid,
      seriesInstanceUids:
        seriesIds.length === 0
          ? []
          : [...new Set(chosen.map((instance) => instance.header.seriesInstanceUid))],
    };
  };

  const serviceOf = (serviceId: string): SendJob['service'] => {
    const service = catalog.state().services.find((candidate) => candidate.id === serviceId);
    if (service === undefined) throw new HandlerError('not_found', 'service');
    const deidOptions = service.deidentification.options.map((option) =>
      DEIDENTIFICATION_OPTIONS_BY_CODE.get(option.value),
    );
    // An option we cannot apply would send more than the service's profile allows: refuse.
    if (deidOptions.some((option) => option === undefined))
      throw new HandlerError('invalid_request', 'unknown de-identification option');
    // The managed policy's minimum de-identification: required options added, forbidden ones refused.
    const floor = applyDeidentificationFloor(deidOptions as string[], host.policy ?? {});
    if (!floor.ok)
      throw new HandlerError('permission_denied', 'deidentification_forbidden_by_policy');
    return {
      id: service.id,
      version: service.version,
      workitemCode: service.workitemCode,
      deidOptions: floor.options,
    };
  };

  const destination = async (): Promise<string> => {
    const platformUrl = platformUrlOf(host);
    if (platformUrl === undefined || (await session).accessToken() === undefined)
      throw new HandlerError('permission_denied', 'sign_in_required');
    return dicomwebRootOf(platformUrl);
  };

  const known = (jobId: string): void => {
    if (runner.job(jobId) === undefined) throw new HandlerError('not_found', 'job');
  };

  const handlers: JobsFeature['handlers'] = {
    'jobs.list': async () => {
      await runner.load();
      return runner.list().map(jobView);
    },
    'jobs.preview': async (request) => {
      const service = serviceOf(request.serviceId);
      const preview = await runner.preview(sourceOf(request), service.deidOptions as never);
      return previewView(preview, preview.thumbnails);
    },
    'jobs.send': async (request) => {
      const service = serviceOf(request.serviceId);
      // No keychain, no pseudonymization secret: say so now rather than as a failed job later.
      await loadPseudonymKeys(keychain);
      return jobView(
        await runner.send({
          source: sourceOf(request),
          service,
          destination: await destination(),
          ...(request.reviewed === undefined ? {} : { reviewed: request.reviewed }),
        }),
      );
    },
    'jobs.retry': async ({ jobId }) => {
      await runner.load();
      known(jobId);
      await destination();
      return jobView(await runner.retry(jobId));
    },
    'jobs.cancel': async ({ jobId }) => {
      await runner.load();
      known(jobId);
      return jobView(await runner.cancel(jobId));
    },
    'jobs.results': async ({ studyId }) => {
      const instances = library.studyInstances(studyId);
      if (instances === undefined || instances.length === 0) return [];
      return (await runner.results.forStudy(instances[0]!.header.studyInstanceUid)).map(resultView);
    },
  };
  return { handlers, runner };
}
