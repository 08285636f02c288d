import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { attribute, stringValue, type DicomJsonDataset } from '../dicomweb/index.js';

/**
 * Unified Procedure Step work items (PS3.4 Annex CC) as the platform keeps them: the DICOM JSON
 * data set plus the locking Transaction UID, in memory (they name pseudonymized studies only
 * and end with the job). The state machine is PS3.4 Table CC.1.1-2:
 * SCHEDULED -> IN PROGRESS (claim, with a Transaction UID) -> COMPLETED | CANCELED; a SCHEDULED
 * item may be canceled directly by its owner. Every change is an event for the subscribers
 * (PS3.4 CC.2.4, sent over the WebSocket channel of PS3.18).
 */
export type ProcedureStepState = 'SCHEDULED' | 'IN PROGRESS' | 'COMPLETED' | 'CANCELED';

export const upsTag = {
  affectedSopInstanceUid: '00001000',
  eventTypeId: '00001002',
  scheduledWorkitemCodeSequence: '00404018',
  inputInformationSequence: '00404021',
  outputInformationSequence: '00404033',
  inputReadinessState: '00404041',
  procedureStepState: '00741000',
  progressInformationSequence: '00741002',
  procedureStepProgress: '00741004',
  procedureStepProgressDescription: '00741006',
  performedProcedureSequence: '00741216',
  reasonForCancellation: '00741238',
  discontinuationReasonCodeSequence: '0074100E',
  scheduledProcedureStepPriority: '00741200',
  worklistLabel: '00741202',
  procedureStepLabel: '00741204',
  codeValue: '00080100',
  codingSchemeDesignator: '00080102',
  codeMeaning: '00080104',
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  transactionUid: '00081195',
} as const;

/** PS3.4 Table CC.2.4-1 event types. */
export const EventType = {
  stateReport: 1,
  cancelRequested: 2,
  progressReport: 3,
  scpStatusChange: 4,
  assigned: 5,
} as const;

export const UPS_PUSH_SOP_CLASS = '1.2.840.10008.5.1.4.34.6.1';

export interface WorkItem {
  uid: string;
  owner: string;
  dataset: DicomJsonDataset;
  transactionUid?: string;
  updatedAt: number;
}

export interface WorkItemEvent {
  owner: string;
  workItemUid: string;
  report: DicomJsonDataset;
}

export class UpsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export function stateOf(item: WorkItem): ProcedureStepState {
  return (stringValue(item.dataset, upsTag.procedureStepState) ??
    'SCHEDULED') as ProcedureStepState;
}

/** A new DICOM UID under the 2.25 root (PS3.5 §B.2): a UUID as a decimal integer. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export class WorkItemList extends EventEmitter<{ event: [WorkItemEvent]; created: [WorkItem] }> {
  private readonly items = new Map<string, WorkItem>();

  constructor(private readonly maxItems = 10_000) {
    super();
  }

  get(uid: string, owner?: string): WorkItem {
    const item = this.items.get(uid);
    // Another owner's item is reported as absent: its existence is nobody else's business.
    if (item === undefined || (owner !== undefined && item.owner !== owner))
      throw new UpsError(404, 'workitem_not_found');
    return item;
  }

  /** Like get, without throwing: for callers outside a request (event delivery). */
  find(uid: string, owner: string): WorkItem | undefined {
    const item = this.items.get(uid);
    return item?.owner === owner ? item : undefined;
  }

  list(owner: string): WorkItem[] {
    return [...this.items.values()].filter((item) => item.owner === owner);
  }

  all(): WorkItem[] {
    return [...this.items.values()];
  }

  /** PS3.4 CC.2.5 (N-CREATE): the state must be SCHEDULED and the UID new. */
  create(owner: string, dataset: DicomJsonDataset, requestedUid?: string): WorkItem {
    const uid = requestedUid ?? stringValue(dataset, upsTag.sopInstanceUid) ?? newUid();
    if (this.items.has(uid)) throw new UpsError(409, 'workitem_exists');
    if (this.items.size >= this.maxItems) throw new UpsError(503, 'too_many_workitems');
    const state = stringValue(dataset, upsTag.procedureStepState);
    if (state !== undefined && state !== 'SCHEDULED')
      throw new UpsError(400, 'state_must_be_scheduled');
    if (dataset[upsTag.transactionUid] !== undefined)
      throw new UpsError(400, 'transaction_uid_not_allowed');
    const item: WorkItem = {
      uid,
      owner,
      dataset: {
        ...dataset,
        [upsTag.sopClassUid]: attribute('UI', UPS_PUSH_SOP_CLASS),
        [upsTag.sopInstanceUid]: attribute('UI', uid),
        [upsTag.procedureStepState]: attribute('CS', 'SCHEDULED'),
        [upsTag.inputReadinessState]:
          dataset[upsTag.inputReadinessState] ?? attribute('CS', 'READY'),
      },
      updatedAt: Date.now(),
    };
    this.items.set(uid, item);
    this.emit('created', item);
    return item;
  }

  /**
   * PS3.4 CC.2.1.3 (N-ACTION Change State). Claiming needs a Transaction UID, which then locks
   * the item: completing or canceling an IN PROGRESS item needs the same one.
   */
  changeState(
    item: WorkItem,
    target: ProcedureStepState,
    transactionUid: string | undefined,
  ): void {
    const state = stateOf(item);
    if (state === 'COMPLETED' || state === 'CANCELED')
      throw new UpsError(409, 'workitem_already_final');
    if (transactionUid === undefined) throw new UpsError(400, 'transaction_uid_missing');
    if (target === 'IN PROGRESS') {
      if (state !== 'SCHEDULED') throw new UpsError(409, 'workitem_already_claimed');
      item.transactionUid = transactionUid;
    } else if (target === 'COMPLETED' || target === 'CANCELED') {
      if (state !== 'IN PROGRESS') throw new UpsError(409, 'workitem_not_in_progress');
      if (item.transactionUid !== transactionUid)
        throw new UpsError(409, 'transaction_uid_mismatch');
    } else {
      throw new UpsError(400, 'invalid_target_state');
    }
    this.setState(item, target);
  }

  /** PS3.4 CC.2.2 (N-SET): the performer records progress or output while it holds the lock. */
  update(item: WorkItem, changes: DicomJsonDataset, transactionUid: string | undefined): void {
    const state = stateOf(item);
    if (state === 'COMPLETED' || state === 'CANCELED')
      throw new UpsError(409, 'workitem_already_final');
    if (state === 'IN PROGRESS' && item.transactionUid !== transactionUid)
      throw new UpsError(409, 'transaction_uid_mismatch');
    const {
      [upsTag.procedureStepState]: _state,
      [upsTag.sopInstanceUid]: _uid,
      [upsTag.transactionUid]: _tx,
      ...rest
    } = changes;
    void _state;
    void _uid;
    void _tx;
    Object.assign(item.dataset, rest);
    item.updatedAt = Date.now();
    if (rest[upsTag.progressInformationSequence] !== undefined) {
      this.report(item, EventType.progressReport, {
        [upsTag.progressInformationSequence]: rest[upsTag.progressInformationSequence]!,
      });
    }
  }

  /** PS3.4 CC.2.4 (Request Cancel): a SCHEDULED item is canceled at once; else the performer is asked. */
  requestCancel(item: WorkItem, reason: string | undefined): 'canceled' | 'requested' {
    const state = stateOf(item);
    if (state === 'COMPLETED' || state === 'CANCELED')
      throw new UpsError(409, 'workitem_already_final');
    const details: DicomJsonDataset =
      reason === undefined ? {} : { [upsTag.reasonForCancellation]: attribute('LT', reason) };
    if (state === 'SCHEDULED') {
      Object.assign(item.dataset, details);
      this.setState(item, 'CANCELED');
      return 'canceled';
    }
    this.report(item, EventType.cancelRequested, details);
    return 'requested';
  }

  delete(uid: string): void {
    this.items.delete(uid);
  }

  /** The event that tells a new subscriber where an item stands (PS3.4 CC.2.3.2). */
  stateReport(item: WorkItem): WorkItemEvent {
    return {
      owner: item.owner,
      workItemUid: item.uid,
      report: this.reportOf(item, EventType.stateReport, {}),
    };
  }

  private setState(item: WorkItem, state: ProcedureStepState): void {
    item.dataset[upsTag.procedureStepState] = attribute('CS', state);
    item.updatedAt = Date.now();
    this.report(item, EventType.stateReport, {});
  }

  private report(item: WorkItem, type: number, details: DicomJsonDataset): void {
    this.emit('event', {
      owner: item.owner,
      workItemUid: item.uid,
      report: this.reportOf(item, type, details),
    });
  }

  private reportOf(item: WorkItem, type: number, details: DicomJsonDataset): DicomJsonDataset {
    return {
      [upsTag.affectedSopInstanceUid]: attribute('UI', item.uid),
      [upsTag.eventTypeId]: attribute('US', type),
      [upsTag.procedureStepState]: item.dataset[upsTag.procedureStepState]!,
      [upsTag.inputReadinessState]:
        item.dataset[upsTag.inputReadinessState] ?? attribute('CS', 'READY'),
      ...details,
    };
  }
}

/** The dataset as retrieved: never with the Transaction UID (PS3.4 CC.2.5.1.3, it is the performer's secret). */
export function publicDataset(item: WorkItem): DicomJsonDataset {
  const { [upsTag.transactionUid]: _tx, ...rest } = item.dataset;
  void _tx;
  return rest;
}
