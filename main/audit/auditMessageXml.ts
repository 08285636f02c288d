/**
 * An audit entry as the DICOM audit message XML of PS3.15 A.5.1 (the format IHE ATNA [ITI-20]
 * repositories accept): EventIdentification with EventID and EventTypeCode, the acting user as
 * ActiveParticipant, the workstation as AuditSourceIdentification, and the patient (type 1,
 * role 1, ID type "Patient Number") and studies (type 2, role 3, ID type 110180 "Study Instance
 * UID") as ParticipantObjectIdentification.
 */
import type { AuditEntry } from './auditEvent.js';

/** XML 1.0 allows no C0 control characters but tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function attribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(CONTROL_CHARACTERS, '');
}

function code(element: string, csdCode: string, system: string, text: string): string {
  return `<${element} csd-code="${attribute(csdCode)}" codeSystemName="${attribute(system)}" originalText="${attribute(text)}"/>`;
}

export function auditMessageXml(entry: AuditEntry): string {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?><AuditMessage>'];
  parts.push(
    `<EventIdentification EventActionCode="${entry.action}" EventDateTime="${attribute(entry.time)}" EventOutcomeIndicator="${entry.outcome}">`,
  );
  parts.push(code('EventID', entry.event.code, 'DCM', entry.event.name));
  if (entry.type !== undefined)
    parts.push(code('EventTypeCode', entry.type.code, entry.type.scheme, entry.type.name));
  if (entry.reason !== undefined)
    parts.push(`<EventOutcomeDescription>${attribute(entry.reason)}</EventOutcomeDescription>`);
  parts.push('</EventIdentification>');
  const { actor } = entry;
  parts.push(
    `<ActiveParticipant UserID="${attribute(actor.userId)}"${actor.userName === undefined ? '' : ` UserName="${attribute(actor.userName)}"`} UserIsRequestor="true" NetworkAccessPointID="${attribute(actor.host)}" NetworkAccessPointTypeCode="1"/>`,
  );
  if (entry.destination !== undefined) {
    parts.push(
      `<ActiveParticipant UserID="${attribute(entry.destination)}" UserIsRequestor="false">${code('RoleIDCode', '110152', 'DCM', 'Destination Role ID')}</ActiveParticipant>`,
    );
  }
  if (entry.source !== undefined) {
    parts.push(
      `<ActiveParticipant UserID="${attribute(entry.source)}" UserIsRequestor="false">${code('RoleIDCode', '110153', 'DCM', 'Source Role ID')}</ActiveParticipant>`,
    );
  }
  // AuditSourceTypeCode 1: end-user display device, diagnostic display (PS3.15 A.5.1).
  parts.push(
    `<AuditSourceIdentification AuditSourceID="${attribute(actor.host)}">${code('AuditSourceTypeCode', '1', 'DCM', 'End-user display device')}</AuditSourceIdentification>`,
  );
  for (const patient of entry.patients ?? []) {
    parts.push(
      `<ParticipantObjectIdentification ParticipantObjectID="${attribute(patient.id)}" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">`,
    );
    parts.push(code('ParticipantObjectIDTypeCode', '2', 'RFC-3881', 'Patient Number'));
    if (patient.name !== undefined)
      parts.push(`<ParticipantObjectName>${attribute(patient.name)}</ParticipantObjectName>`);
    parts.push('</ParticipantObjectIdentification>');
  }
  for (const study of entry.studies ?? []) {
    parts.push(
      `<ParticipantObjectIdentification ParticipantObjectID="${attribute(study.studyInstanceUid)}" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3">`,
    );
    parts.push(code('ParticipantObjectIDTypeCode', '110180', 'DCM', 'Study Instance UID'));
    // Export (110106): whether what left was pseudonymized; detail values are base64 (A.5.1).
    if (entry.pseudonymized !== undefined)
      parts.push(
        `<ParticipantObjectDetail type="Pseudonymized" value="${Buffer.from(String(entry.pseudonymized)).toString('base64')}"/>`,
      );
    if (study.instanceCount !== undefined)
      parts.push(
        `<ParticipantObjectDescription><SOPClass NumberOfInstances="${study.instanceCount}"/></ParticipantObjectDescription>`,
      );
    parts.push('</ParticipantObjectIdentification>');
  }
  parts.push('</AuditMessage>');
  return parts.join('');
}
