/**
 * A policy source that cannot be read, or a key with a bad value, is a security event: the
 * workstation runs with less control than IT intended. It is written to the audit trail as a
 * Security Alert (110113) naming the source and key, never the value, and the app goes on.
 */
import type { AuditLog } from './auditEvent.js';
import { auditRecords } from './auditRecords.js';
import type { PolicyReading } from '../policy/index.js';

export async function recordPolicyProblems(audit: AuditLog, reading: PolicyReading): Promise<void> {
  for (const problem of reading.problems) {
    await audit.record(
      auditRecords.securityAlert({
        reason: problem.problem === 'unknown-key' ? 'policy_unknown_key' : 'policy_invalid',
        outcome: problem.problem === 'unknown-key' ? 4 : 8,
        detail: { source: problem.source, key: problem.key, problem: problem.problem },
      }),
    );
  }
}
