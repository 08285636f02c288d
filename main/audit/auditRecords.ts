/**
 * The audit events of Mitate's features, built in one place so that every feature records the
 * same shape (PS3.15 A.5.3 lists which participants each message carries). Login, lock and
 * send (later issues) call these through the `AuditLog` interface.
 */
import type { PersonName } from '../dicom/index.js';
import type { AuditEventInput, AuditOutcome, AuditPatient, AuditStudy } from './auditEvent.js';

/** DICOM PN as one string, its component groups joined by "=" (PS3.5 §6.2.1). */
export function personNameText(name: PersonName): string {
  return [name.alphabetic, name.ideographic, name.phonetic].join('=').replace(/=+$/, '');
}

export function auditPatient(id: string, name: PersonName): AuditPatient {
  const text = personNameText(name);
  return text === '' ? { id } : { id, name: text };
}

export const auditRecords = {
  /** 110100 / 110120 */
  applicationStart: (): AuditEventInput => ({
    event: 'applicationActivity',
    type: 'applicationStart',
    action: 'E',
    outcome: 0,
  }),
  /** 110100 / 110121 */
  applicationStop: (): AuditEventInput => ({
    event: 'applicationActivity',
    type: 'applicationStop',
    action: 'E',
    outcome: 0,
  }),

  /** 110107: files read into the library from a folder, a drop or a DICOMDIR. */
  import: (args: {
    source: string;
    patients: AuditPatient[];
    studies: AuditStudy[];
    outcome: AuditOutcome;
    detail?: Record<string, number>;
  }): AuditEventInput => ({
    event: 'import',
    action: 'C',
    outcome: args.outcome,
    source: args.source,
    patients: args.patients,
    studies: args.studies,
    ...(args.detail === undefined ? {} : { detail: args.detail }),
  }),

  /** 110103: instances whose bytes the viewer read. */
  instancesAccessed: (args: {
    patients: AuditPatient[];
    studies: AuditStudy[];
  }): AuditEventInput => ({
    event: 'instancesAccessed',
    action: 'R',
    outcome: 0,
    patients: args.patients,
    studies: args.studies,
  }),

  /** 110106: data leaving the workstation, e.g. a STOW-RS upload to an AI service. */
  export: (args: {
    destination: string;
    pseudonymized: boolean;
    patients: AuditPatient[];
    studies: AuditStudy[];
    outcome: AuditOutcome;
  }): AuditEventInput => ({
    event: 'export',
    action: 'R',
    outcome: args.outcome,
    destination: args.destination,
    pseudonymized: args.pseudonymized,
    patients: args.patients,
    studies: args.studies,
  }),

  /** 110104: a transfer (upload or result retrieval) completed. */
  transferred: (args: {
    source?: string;
    destination?: string;
    patients: AuditPatient[];
    studies: AuditStudy[];
    outcome: AuditOutcome;
  }): AuditEventInput => ({
    event: 'instancesTransferred',
    action: 'R',
    outcome: args.outcome,
    ...(args.source === undefined ? {} : { source: args.source }),
    ...(args.destination === undefined ? {} : { destination: args.destination }),
    patients: args.patients,
    studies: args.studies,
  }),

  /** 110114: login, logout, second factor, screen lock and unlock. */
  userAuthentication: (args: {
    kind: 'login' | 'logout' | 'mfa' | 'lock' | 'unlock';
    outcome: AuditOutcome;
    userId?: string;
    reason?: string;
  }): AuditEventInput => ({
    event: 'userAuthentication',
    type: args.kind,
    action: 'E',
    outcome: args.outcome,
    ...(args.userId === undefined ? {} : { actor: { userId: args.userId } }),
    ...(args.reason === undefined ? {} : { reason: args.reason }),
  }),

  /** 110113: something security-relevant went wrong or was refused. */
  securityAlert: (args: {
    reason: string;
    outcome?: AuditOutcome;
    detail?: Record<string, string | number | boolean>;
  }): AuditEventInput => ({
    event: 'securityAlert',
    type: 'securityConfiguration',
    action: 'E',
    outcome: args.outcome ?? 4,
    reason: args.reason,
    ...(args.detail === undefined ? {} : { detail: args.detail }),
  }),

  /** 110101: somebody read or checked the audit log. */
  auditLogUsed: (args: {
    source: string;
    outcome: AuditOutcome;
    reason?: string;
  }): AuditEventInput => ({
    event: 'auditLogUsed',
    action: 'R',
    outcome: args.outcome,
    source: args.source,
    ...(args.reason === undefined ? {} : { reason: args.reason }),
  }),
};
