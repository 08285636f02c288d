/**
 * C-MOVE arrivals: the node opens its own association to our SCP and stores each instance with
 * the Move Originator AE Title and Message ID of the C-MOVE it serves (PS3.7 9.3.1.1). Each
 * instance goes to the retrieve that asked: by that Message ID, else the one retrieve running
 * for that node, else by Study Instance UID read from the instance itself.
 */
import { findElement, parseDicomFile, textOf } from '../../dicom/index.js';
import type { MoveArrivals, MoveReceiver, MoveRoute } from '../dimse/moveReceiver.js';
import type { InstanceSink } from '../pacsClient.js';

interface ActiveRoute {
  callingAeTitle: string;
  studyInstanceUid: string;
  messageId: number | undefined;
  sink: InstanceSink;
  onArrival: (arrivals: MoveArrivals) => void;
  arrivals: MoveArrivals;
  seen: Set<string>;
  writing: Set<Promise<unknown>>;
}

function studyOf(part10: Uint8Array): string | undefined {
  try {
    const element = findElement(parseDicomFile(part10, { until: 0x0020000e }).body, 0x0020000d);
    return element === undefined ? undefined : textOf(element);
  } catch {
    return undefined;
  }
}

export class MoveRoutes implements Omit<MoveReceiver, 'listening'> {
  private readonly routes = new Set<ActiveRoute>();

  routeMove(request: {
    callingAeTitle: string;
    studyInstanceUid: string;
    sink: InstanceSink;
    onArrival: (arrivals: MoveArrivals) => void;
  }): MoveRoute {
    const route: ActiveRoute = {
      ...request,
      callingAeTitle: request.callingAeTitle.trim(),
      messageId: undefined,
      arrivals: { received: 0, failed: 0, duplicates: 0, bytes: 0 },
      seen: new Set(),
      writing: new Set(),
    };
    this.routes.add(route);
    return {
      setMessageId: (messageId) => {
        route.messageId = messageId;
      },
      arrivals: route.arrivals,
      close: async () => {
        while (route.writing.size > 0) await Promise.allSettled([...route.writing]);
        this.routes.delete(route);
        return { ...route.arrivals };
      },
    };
  }

  /** Whether instances from this calling AE may be waited for (its association is let in). */
  expects(callingAeTitle: string): boolean {
    return [...this.routes].some((route) => route.callingAeTitle === callingAeTitle.trim());
  }

  private routeFor(
    callingAeTitle: string,
    messageId: number | undefined,
    part10: Uint8Array,
  ): ActiveRoute | undefined {
    const candidates = [...this.routes].filter(
      (route) => route.callingAeTitle === callingAeTitle.trim(),
    );
    if (messageId !== undefined) {
      const exact = candidates.find((route) => route.messageId === messageId);
      if (exact !== undefined) return exact;
    }
    if (candidates.length === 1) return candidates[0];
    const study = studyOf(part10);
    return candidates.find((route) => route.studyInstanceUid === study);
  }

  /**
   * Hands one instance to its retrieve; resolves with the C-STORE status (undefined: no retrieve
   * is waiting for it, so the SCP treats it as an ordinary arrival).
   */
  async deliver(arrival: {
    callingAeTitle: string;
    messageId: number | undefined;
    sopInstanceUid: string;
    part10: Uint8Array | undefined;
    size: number;
  }): Promise<number | undefined> {
    const route = this.routeFor(
      arrival.callingAeTitle,
      arrival.messageId,
      arrival.part10 ?? new Uint8Array(),
    );
    if (route === undefined) return undefined;
    const { arrivals } = route;
    if (arrival.part10 === undefined) {
      arrivals.failed++;
      route.onArrival({ ...arrivals });
      return 0xa700;
    }
    if (route.seen.has(arrival.sopInstanceUid)) {
      arrivals.duplicates++;
      return 0x0000;
    }
    route.seen.add(arrival.sopInstanceUid);
    const writing = route.sink.alreadyHave.has(arrival.sopInstanceUid)
      ? Promise.resolve()
      : route.sink.accept({ sopInstanceUid: arrival.sopInstanceUid, bytes: arrival.part10 });
    route.writing.add(writing);
    try {
      await writing;
      arrivals.received++;
      arrivals.bytes += arrival.size;
      return 0x0000;
    } catch {
      arrivals.failed++;
      return 0xa700;
    } finally {
      route.writing.delete(writing);
      route.onArrival({ ...arrivals });
    }
  }
}
