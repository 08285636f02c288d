/** Hospital connectivity: remote nodes, query, retrieve and the storage SCP. */
export {
  PacsError,
  type InstanceSink,
  type PacsClient,
  type RetrieveReport,
} from './pacsClient.js';
export { createDimseClient, type DimseClientOptions } from './dimse/dimseClient.js';
