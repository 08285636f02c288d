/**
 * The C-STOREs a C-GET brings back on its own association (PS3.4 C.4.3.1): each instance checked
 * (UIDs by grammar, size bound), written once per retrieve through the sink as a Part 10 file, and
 * answered with the status the node counts as success or failure.
 */
import type { InstanceSink, RetrieveReport } from '../pacsClient.js';
import type { IncomingStore, StoreHandler } from './clientAssociation.js';
import { part10Header } from './part10.js';

const UID = /^[0-9.]{1,64}$/;
const SUCCESS = 0x0000;
const OUT_OF_RESOURCES = 0xa700;
const CANNOT_UNDERSTAND = 0xc000;

type Report = RetrieveReport & { bytes: number; duplicates: number };

function commandUid(value: unknown): string {
  return String(value ?? '')
    .replace(/\0/g, '')
    .trim();
}

export function getStoreHandler(
  sourceAeTitle: string,
  sink: InstanceSink,
  report: Report,
  onProgress: (report: RetrieveReport & { bytes: number }) => void,
): StoreHandler {
  const seen = new Set<string>();
  return async (store: IncomingStore): Promise<number> => {
    const sopInstanceUid = commandUid(store.request.getAffectedSopInstanceUid());
    const sopClassUid = commandUid(store.request.getAffectedSopClassUid());
    if (!UID.test(sopInstanceUid) || !UID.test(sopClassUid)) {
      report.failed++;
      return CANNOT_UNDERSTAND;
    }
    if (seen.has(sopInstanceUid)) {
      // The same instance twice in one retrieve: the first copy stands, the second is not written.
      report.duplicates++;
      return SUCCESS;
    }
    seen.add(sopInstanceUid);
    if (store.bytes === undefined) {
      report.failed++;
      return OUT_OF_RESOURCES; // larger than the bound
    }
    if (!sink.alreadyHave.has(sopInstanceUid)) {
      const header = part10Header({
        sopClassUid,
        sopInstanceUid,
        transferSyntaxUid: store.transferSyntaxUid,
        sourceAeTitle,
      });
      try {
        await sink.accept({ sopInstanceUid, bytes: Buffer.concat([header, store.bytes]) });
      } catch {
        report.failed++;
        onProgress({ ...report });
        return OUT_OF_RESOURCES;
      }
    }
    report.received++;
    report.bytes += store.bytes.length;
    onProgress({ ...report });
    return SUCCESS;
  };
}
