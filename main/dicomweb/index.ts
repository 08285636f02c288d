// What other folders may use of main/dicomweb; code outside imports it only from here.
export {
  attribute,
  type DicomJsonDataset,
  numberValue,
  sequenceItems,
  stringValue,
  tag,
} from './dicomJson.js';
export { DicomwebClient, DicomwebError, parseEventReports } from './dicomwebClient.js';
export { PartTooLargeError } from './multipartStream.js';
