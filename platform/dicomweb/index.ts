// What other folders may use of platform/dicomweb; code outside imports it only from here.
export {
  attribute,
  type DicomJsonDataset,
  dicomJsonDatasetSchema,
  sequence,
  sequenceItems,
  stringValue,
  tag,
} from './dicomJson.js';
export { InstanceStore, type StoredInstance } from './instanceStore.js';
export { qidoRoute } from './qidoRs.js';
export { stowRoute } from './stowRs.js';
export { wadoRoute } from './wadoRs.js';
