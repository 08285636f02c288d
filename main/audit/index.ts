// What other folders may use of main/audit; code outside imports it only from here.
export { type AnchoredHead, verifyChain } from './auditChain.js';
export {
  anchorHead,
  anchorsPath,
  checkReceipts,
  platformSigningKeys,
  verifyReceipt,
} from './anchorReceipts.js';
export { type ChainKey, loadChainKey } from './chainKey.js';
export { withAudit } from './auditedServices.js';
export type { AuditLog, AuditOutcome, AuditPatient } from './auditEvent.js';
export { auditPatient, auditRecords } from './auditRecords.js';
export { type AuditSession, openAuditSession } from './auditSession.js';
export { FileAuditLog, headPath, readHead } from './fileAuditLog.js';
