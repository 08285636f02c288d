/**
 * One audit entry as a syslog message for an IHE ATNA repository ([ITI-20]):
 * RFC 5424 header with facility 10 (security/authorization) and severity 5 (notice), so
 * PRI 85; MSGID "IHE+RFC-3881"; the DICOM audit message XML as MSG, UTF-8 with its BOM
 * (RFC 5424 §6.4). Structured data carries the entry's sequence number and chain hash, so the
 * repository can spot a gap. Framed by octet counting for TLS transport (RFC 5425 §4.3).
 */
import type { AuditEntry } from './auditEvent.js';
import { auditMessageXml } from './auditMessageXml.js';

const PRI = 10 * 8 + 5;
/** RFC 5612 documentation enterprise number; replace with Mitate's own PEN once registered. */
const SD_ID = 'mitate@32473';

/** RFC 5424 §6.2.4/§6.2.5: printable US-ASCII without spaces, limited length, or "-". */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

export function syslogMessage(entry: AuditEntry, appName = 'Mitate'): string {
  const header = `<${PRI}>1 ${entry.time} ${headerField(entry.actor.host, 255)} ${headerField(appName, 48)} ${process.pid} IHE+RFC-3881`;
  const structured = `[${SD_ID} seq="${entry.seq}" hash="${entry.hash}"]`;
  return `${header} ${structured} \ufeff${auditMessageXml(entry)}`;
}

/** RFC 5425 §4.3: MSG-LEN SP SYSLOG-MSG, the length in octets. */
export function frame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
