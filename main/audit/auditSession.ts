/**
 * The audit trail for one run of the app, the same in both shells: opens the log in the data
 * folder (and, where the policy names an audit repository, forwards it there over syslog/TLS),
 * records Application Start (110100/110120) and any policy problem (110113), and at the end
 * writes pending access records and Application Stop (110100/110121).
 */
import { readFile } from 'node:fs/promises';
import type { Keychain } from '../keychain/index.js';
import type { PolicyReading } from '../policy/index.js';
import { recordPolicyProblems } from './policyAlerts.js';
import { AuditForwarder } from './auditForwarder.js';
import { auditRecords } from './auditRecords.js';
import { auditLogPath, FileAuditLog } from './fileAuditLog.js';

export interface AuditSession {
  audit: FileAuditLog;
  forwarder: AuditForwarder | undefined;
  /** Records Application Stop after `beforeStop` (flushing access records); never throws. */
  stop(beforeStop?: () => Promise<void>): Promise<void>;
}

export async function openAuditSession(options: {
  dataDir: string;
  application: string;
  policy: PolicyReading;
  forwardingRetryMs?: number;
  /** Holds the chain's key (the OS keychain in the app). */
  keychain?: Keychain;
}): Promise<AuditSession> {
  const file = auditLogPath(options.dataDir);
  const forwarding = options.policy.policy.auditForwarding;
  let forwarder: AuditForwarder | undefined;
  let caProblem = false;
  if (forwarding !== undefined) {
    let ca: string | undefined;
    if (forwarding.caFile !== undefined) {
      ca = await readFile(forwarding.caFile, 'utf8').catch(() => undefined);
      caProblem = ca === undefined;
    }
    // Without its CA the repository's certificate is checked against the system's CAs only.
    forwarder = new AuditForwarder({
      logFile: file,
      target: { host: forwarding.host, port: forwarding.port, ...(ca === undefined ? {} : { ca }) },
      ...(options.forwardingRetryMs === undefined ? {} : { retryMs: options.forwardingRetryMs }),
    });
  }
  const audit = new FileAuditLog({
    file,
    application: options.application,
    ...(options.keychain === undefined ? {} : { keychain: options.keychain }),
    ...(forwarder === undefined ? {} : { onRecorded: () => forwarder.kick() }),
  });
  await audit.record(auditRecords.applicationStart());
  await recordPolicyProblems(audit, options.policy);
  if (caProblem)
    await audit.record(
      auditRecords.securityAlert({ reason: 'audit_forwarding_ca_unreadable', outcome: 8 }),
    );
  let stopped = false;
  return {
    audit,
    forwarder,
    async stop(beforeStop) {
      if (stopped) return;
      stopped = true;
      try {
        await beforeStop?.();
        await audit.record(auditRecords.applicationStop());
      } catch {
        // Stopping must not hang or crash on a full disk; the missing stop entry tells the story.
      }
      await forwarder?.stop();
    },
  };
}
