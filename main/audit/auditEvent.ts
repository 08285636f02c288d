/**
 * The audit events Mitate records, after DICOM PS3.15 Annex A.5 (audit message) with the event
 * IDs of PS3.16 CID 400 and the event type codes of CID 401 ("DCM" coding scheme).
 *
 * One entry answers the MHLW guideline's questions (安全管理ガイドライン, access records): who,
 * when, what, which patient, and with what outcome. The audit log is the one place where patient
 * identifiers may be written.
 */
import { z } from 'zod';

/** PS3.16 CID 400 "Audit Event ID": the events Mitate records. */
export const AUDIT_EVENTS = {
  applicationActivity: { code: '110100', name: 'Application Activity' },
  auditLogUsed: { code: '110101', name: 'Audit Log Used' },
  beginTransferring: { code: '110102', name: 'Begin Transferring DICOM Instances' },
  instancesAccessed: { code: '110103', name: 'DICOM Instances Accessed' },
  instancesTransferred: { code: '110104', name: 'DICOM Instances Transferred' },
  studyDeleted: { code: '110105', name: 'DICOM Study Deleted' },
  export: { code: '110106', name: 'Export' },
  import: { code: '110107', name: 'Import' },
  networkEntry: { code: '110108', name: 'Network Entry' },
  query: { code: '110112', name: 'Query' },
  securityAlert: { code: '110113', name: 'Security Alert' },
  userAuthentication: { code: '110114', name: 'User Authentication' },
} as const;
export type AuditEventKind = keyof typeof AUDIT_EVENTS;

/**
 * PS3.16 CID 401 "Audit Event Type Code" where one applies. Screen lock and unlock have no DCM
 * code; they use Mitate's own coding scheme ("MITATE"), as PS3.15 A.5.1 allows.
 */
export const AUDIT_EVENT_TYPES = {
  applicationStart: { code: '110120', scheme: 'DCM', name: 'Application Start' },
  applicationStop: { code: '110121', scheme: 'DCM', name: 'Application Stop' },
  login: { code: '110122', scheme: 'DCM', name: 'Login' },
  logout: { code: '110123', scheme: 'DCM', name: 'Logout' },
  securityConfiguration: { code: '110129', scheme: 'DCM', name: 'Security Configuration' },
  softwareConfiguration: { code: '110131', scheme: 'DCM', name: 'Software Configuration' },
  useOfRestrictedFunction: { code: '110132', scheme: 'DCM', name: 'Use of Restricted Function' },
  auditRecordingStarted: { code: '110134', scheme: 'DCM', name: 'Audit Recording Started' },
  objectSecurityAttributesChanged: {
    code: '110135',
    scheme: 'DCM',
    name: 'Object Security Attributes Changed',
  },
  mfa: { code: 'MFA', scheme: 'MITATE', name: 'Second Factor Verified' },
  lock: { code: 'LOCK', scheme: 'MITATE', name: 'Screen Locked' },
  unlock: { code: 'UNLOCK', scheme: 'MITATE', name: 'Screen Unlocked' },
} as const;
export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

/** PS3.15 A.5.1 EventActionCode: Create, Read, Update, Delete, Execute. */
export const AuditAction = z.enum(['C', 'R', 'U', 'D', 'E']);
export type AuditAction = z.infer<typeof AuditAction>;

/** PS3.15 A.5.1 EventOutcomeIndicator: 0 success, 4 minor, 8 serious, 12 major failure. */
export const AuditOutcome = z.union([z.literal(0), z.literal(4), z.literal(8), z.literal(12)]);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** Who acted: the signed-in user where there is one, else the OS account. */
export const AuditActor = z.object({
  userId: z.string(),
  userName: z.string().optional(),
  /** The workstation (PS3.15 NetworkAccessPointID). */
  host: z.string(),
  /** The application and its version (PS3.15 AuditSourceID). */
  application: z.string(),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** A patient a record is about (PS3.15 ParticipantObject, type 1 person, role 1 patient). */
export const AuditPatient = z.object({
  id: z.string(),
  name: z.string().optional(),
});
export type AuditPatient = z.infer<typeof AuditPatient>;

/** A study the record is about (type 2 system object, role 3 report, ID type 110180). */
export const AuditStudy = z.object({
  studyInstanceUid: z.string(),
  /** SOP Instance UIDs, where the event concerns particular instances. */
  instances: z.array(z.string()).optional(),
  instanceCount: z.number().int().nonnegative().optional(),
});
export type AuditStudy = z.infer<typeof AuditStudy>;

/** What a caller hands to `AuditLog.record`; the log adds time, actor, sequence and hashes. */
export const AuditEventInput = z.object({
  event: z.enum(Object.keys(AUDIT_EVENTS) as [AuditEventKind, ...AuditEventKind[]]),
  type: z.enum(Object.keys(AUDIT_EVENT_TYPES) as [AuditEventType, ...AuditEventType[]]).optional(),
  action: AuditAction,
  outcome: AuditOutcome,
  /** Overrides the log's current actor (for example the user a failed login named). */
  actor: AuditActor.partial().optional(),
  patients: z.array(AuditPatient).optional(),
  studies: z.array(AuditStudy).optional(),
  /** Where data went or came from (a service URL, a folder), PS3.15 destination/source role. */
  destination: z.string().optional(),
  source: z.string().optional(),
  /** Was what left the workstation pseudonymized (PS3.15 E)? Export events must say. */
  pseudonymized: z.boolean().optional(),
  /** A short code saying why, for alerts and failures (`policy_invalid`, `clock_stepped_back`). */
  reason: z.string().max(200).optional(),
  /** Free, structured detail for support; small. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AuditEventInput = z.infer<typeof AuditEventInput>;

/** One line of the audit file. `prev` and `hash` make the hash chain. */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  /** Local time with its UTC offset (ISO 8601), e.g. 2026-11-22T22:00:00.000+09:00. */
  time: z.string(),
  clock: z.object({ source: z.literal('system'), steppedBackMs: z.number().optional() }),
  event: z.object({ code: z.string(), name: z.string() }),
  type: z.object({ code: z.string(), scheme: z.string(), name: z.string() }).optional(),
  action: AuditAction,
  outcome: AuditOutcome,
  actor: AuditActor,
  patients: z.array(AuditPatient).optional(),
  studies: z.array(AuditStudy).optional(),
  destination: z.string().optional(),
  source: z.string().optional(),
  pseudonymized: z.boolean().optional(),
  reason: z.string().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** What every part of Mitate that must leave a trace calls (login, send, import, viewer, …). */
export interface AuditLog {
  record(event: AuditEventInput): Promise<void>;
  /** Who acts from now on: the signed-in user after login, the OS account after logout. */
  setActor(actor: Partial<AuditActor>): void;
  /**
   * Has the platform countersign the chain's current head (anchorReceipts.ts), where the log
   * supports it; best effort, offline it simply fails.
   */
  anchor?(platformUrl: string, accessToken: string): Promise<void>;
}
