/**
 * 110103 "DICOM Instances Accessed" for the viewer. The renderer reads image bytes one instance
 * at a time, often hundreds per series; one audit entry per instance would drown the log. Reads
 * are gathered per study and written as one entry when they pause (or at stop), and each
 * instance is recorded once per session: the trail says who opened which images of whom.
 */
import type { InstanceHeader } from '../dicom/index.js';
import type { AuditLog } from './auditEvent.js';
import { auditPatient, auditRecords } from './auditRecords.js';

/** What the trail records of an instance (the library's AccessedInstance has it). */
export interface AccessedInstance {
  id: string;
  header: Pick<InstanceHeader, 'patientId' | 'patientName' | 'studyInstanceUid' | 'sopInstanceUid'>;
}

const QUIET_MS = 1500;
const MAX_PENDING = 2000;
const MAX_REMEMBERED = 200_000;

export class InstanceAccessRecorder {
  private readonly seen = new Set<string>();
  private pending: AccessedInstance[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: AuditLog,
    private readonly quietMs = QUIET_MS,
  ) {}

  accessed(instance: AccessedInstance): void {
    if (this.seen.has(instance.id)) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(instance.id);
    this.pending.push(instance);
    if (this.pending.length >= MAX_PENDING) void this.flush();
    else {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), this.quietMs);
      this.timer.unref();
    }
  }

  /** Writes what is pending; resolves when it is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch)).catch(() => undefined);
    return this.flushing;
  }

  private async write(batch: AccessedInstance[]): Promise<void> {
    const byStudy = new Map<string, AccessedInstance[]>();
    for (const instance of batch) {
      const uid = instance.header.studyInstanceUid;
      byStudy.set(uid, [...(byStudy.get(uid) ?? []), instance]);
    }
    for (const [studyInstanceUid, instances] of byStudy) {
      const { header } = instances[0]!;
      await this.audit.record(
        auditRecords.instancesAccessed({
          patients: [auditPatient(header.patientId, header.patientName)],
          studies: [
            {
              studyInstanceUid,
              instances: instances.map((i) => i.header.sopInstanceUid),
              instanceCount: instances.length,
            },
          ],
        }),
      );
    }
  }
}
