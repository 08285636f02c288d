/**
 * The audit trail for one run of the app, the same in both shells: opens the log in the data
 * folder, records Application Start (110100/110120) and any policy problem (110113), and at the
 * end writes pending access records and Application Stop (110100/110121).
 */
import type { PolicyReading } from '../policy/managedPolicy.js';
import { recordPolicyProblems } from '../policy/policyAlerts.js';
import { auditRecords } from './auditRecords.js';
import { auditLogPath, FileAuditLog } from './fileAuditLog.js';

export interface AuditSession {
  audit: FileAuditLog;
  /** Records Application Stop after `beforeStop` (flushing access records); never throws. */
  stop(beforeStop?: () => Promise<void>): Promise<void>;
}

export async function openAuditSession(options: { dataDir: string; application: string; policy: PolicyReading }): Promise<AuditSession> {
  const audit = new FileAuditLog({ file: auditLogPath(options.dataDir), application: options.application });
  await audit.record(auditRecords.applicationStart());
  await recordPolicyProblems(audit, options.policy);
  let stopped = false;
  return {
    audit,
    async stop(beforeStop) {
      if (stopped) return;
      stopped = true;
      try {
        await beforeStop?.();
        await audit.record(auditRecords.applicationStop());
      } catch {
        // Stopping must not hang or crash on a full disk; the missing stop entry tells the story.
      }
    },
  };
}
