// What other folders may use of platform/ups; code outside imports it only from here.
export { CHANNEL_PATH, EventChannel } from './eventChannel.js';
export { ReferencePerformer } from './referencePerformer.js';
export { upsRoute } from './upsRs.js';
export { stateOf, WorkItemList } from './workItems.js';
