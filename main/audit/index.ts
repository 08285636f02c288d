// What other folders may use of main/audit; code outside imports it only from here.
export { verifyChain } from './auditChain.js';
export { withAudit } from './auditedServices.js';
export type { AuditLog, AuditOutcome, AuditPatient } from './auditEvent.js';
export { auditPatient, auditRecords } from './auditRecords.js';
export { type AuditSession, openAuditSession } from './auditSession.js';
export { FileAuditLog, headPath, readHead } from './fileAuditLog.js';
