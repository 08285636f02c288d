/**
 * What a C-MOVE needs from the storage SCP: the node pushes the instances on a new association
 * to our AE title (PS3.4 C.4.2), and the SCP hands each one to the retrieve that asked for it.
 */
import type { InstanceSink } from '../pacsClient.js';

export interface MoveArrivals {
  received: number;
  failed: number;
  duplicates: number;
  bytes: number;
}

export interface MoveRoute {
  /** Set once the C-MOVE request has its Message ID, to match Move Originator Message ID (0000,1031). */
  setMessageId(messageId: number): void;
  readonly arrivals: MoveArrivals;
  /** Waits for instances still being written, then stops routing. */
  close(): Promise<MoveArrivals>;
}

export interface MoveReceiver {
  /** Whether the SCP is listening (C-MOVE is impossible otherwise). */
  readonly listening: boolean;
  routeMove(route: {
    /** The node's AE title: the calling AE of the sub-operations' association. */
    callingAeTitle: string;
    studyInstanceUid: string;
    sink: InstanceSink;
    onArrival: (arrivals: MoveArrivals) => void;
  }): MoveRoute;
}
