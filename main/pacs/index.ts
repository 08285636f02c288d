/** Hospital connectivity: remote nodes, query, retrieve and the storage SCP. */
export {
  PacsError,
  type InstanceSink,
  type PacsClient,
  type RetrieveReport,
} from './pacsClient.js';
export { createDimseClient, type DimseClientOptions } from './dimse/dimseClient.js';
export type { MoveArrivals, MoveReceiver, MoveRoute } from './dimse/moveReceiver.js';
export type { AssociationSummary, ReceivedInstance } from './receive/scpConnection.js';
export { startStorageScp, type StorageScp, type StorageScpOptions } from './receive/storageScp.js';
