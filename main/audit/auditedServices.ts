/**
 * Puts the audit trail around the main-process services, the same way for both shells:
 * imports (110107) are recorded with the patients and studies they brought in, and each image
 * the renderer loads through the host (110103) via the instance-access recorder. Handlers stay
 * free of audit code; the shells call `withAudit(createHandlers(…), audit)`.
 */
import { INSTANCE_URL_PREFIX, type ImportReport } from '../../preload/contract/index.js';
import type { AuditLog, AuditOutcome, AuditPatient, AuditStudy } from './auditEvent.js';
import { auditPatient, auditRecords } from './auditRecords.js';
import { InstanceAccessRecorder, type AccessedInstance } from './instanceAccessRecorder.js';

/** What the audit trail goes around: the assembled handlers, and the library their imports and images come from. */
export interface AuditableServices {
  handlers: object;
  library: {
    studyInstances(studyId: string): readonly AccessedInstance[] | undefined;
    instance(id: string): AccessedInstance | undefined;
  };
}

export interface AuditRecording {
  /** The host served `/dicom/<id>` to the renderer (call only after a successful lookup). */
  instanceServed(urlPath: string): void;
  /** Writes pending access records (at application stop). */
  flush(): Promise<void>;
}

const IMPORT_CHANNELS = [
  'library.pickAndImport',
  'library.importPaths',
  'library.importFiles',
  'library.resumeImport',
] as const;
type ImportChannel = (typeof IMPORT_CHANNELS)[number];

function importSource(channel: ImportChannel, request: unknown): string {
  if (channel === 'library.importPaths') return (request as { paths: string[] }).paths.join('\n');
  if (channel === 'library.importFiles') return 'dropped files';
  if (channel === 'library.resumeImport') return 'resumed import';
  return 'folder dialog';
}

function outcomeOf(report: ImportReport): AuditOutcome {
  if (report.cancelled) return 4;
  return report.broken.length + report.brokenNotListed > 0 ? 4 : 0;
}

export function withAudit<S extends AuditableServices>(
  services: S,
  audit: AuditLog,
): S & AuditRecording {
  const { library } = services;
  const access = new InstanceAccessRecorder(audit);

  const whoAndWhat = (
    report: ImportReport,
  ): { patients: AuditPatient[]; studies: AuditStudy[] } => {
    const patients = new Map<string, AuditPatient>();
    const studies: AuditStudy[] = [];
    for (const summary of report.studies) {
      const instances = library.studyInstances(summary.id) ?? [];
      const first = instances[0];
      if (first === undefined) continue;
      patients.set(
        first.header.patientId,
        auditPatient(first.header.patientId, first.header.patientName),
      );
      studies.push({
        studyInstanceUid: first.header.studyInstanceUid,
        instanceCount: instances.length,
      });
    }
    return { patients: [...patients.values()], studies };
  };

  const handlers = { ...services.handlers } as Record<
    string,
    (request: unknown) => Promise<unknown>
  >;
  for (const channel of IMPORT_CHANNELS) {
    const inner = handlers[channel];
    if (inner === undefined) continue;
    handlers[channel] = async (request) => {
      const source = importSource(channel, request);
      let report: ImportReport | null;
      try {
        report = (await inner(request)) as ImportReport | null;
      } catch (error) {
        await audit.record(auditRecords.import({ source, patients: [], studies: [], outcome: 8 }));
        throw error;
      }
      if (report !== null) {
        await audit.record(
          auditRecords.import({
            source,
            ...whoAndWhat(report),
            outcome: outcomeOf(report),
            detail: {
              instancesAdded: report.instancesAdded,
              duplicates: report.duplicates,
              broken: report.broken.length + report.brokenNotListed,
            },
          }),
        );
      }
      return report;
    };
  }

  return {
    ...services,
    handlers: handlers as S['handlers'],
    instanceServed(urlPath) {
      const path = urlPath.split('?')[0] ?? '';
      if (!path.startsWith(INSTANCE_URL_PREFIX)) return;
      const instance = library.instance(path.slice(INSTANCE_URL_PREFIX.length));
      if (instance !== undefined) access.accessed(instance);
    },
    flush: () => access.flush(),
  };
}
