/** Hospital connectivity: remote nodes, query, retrieve and the storage SCP. */
export { type DimseClientFactory } from './clientFor.js';
export {
  PacsError,
  type InstanceSink,
  type PacsClient,
  type RetrieveReport,
} from './pacsClient.js';
export { createPacsHandlers, type PacsFeature, type PacsUses } from './pacsHandlers.js';
