/**
 * The one place that loads dcmjs-dimse (the DICOM upper layer and DIMSE messages in plain
 * JavaScript; why this library is in docs/ARCHITECTURE.md, "PACS connectivity"). It is set up
 * once: Mitate's implementation identity, the largest PDU we announce, and its logging silenced,
 * since its messages name AE titles and UIDs and nothing about a patient may reach a log.
 */
import dimse from 'dcmjs-dimse';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../../dicom/index.js';

/** The Maximum Length we announce (PS3.8 D.1): a peer must not send longer P-DATA PDUs. */
export const MAX_PDU_LENGTH = 256 * 1024;

dimse.log.setLevel('silent');
dimse.Implementation.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
dimse.Implementation.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);
dimse.Implementation.setMaxPduLength(MAX_PDU_LENGTH);

export const { Scp, Dataset, constants, requests, responses } = dimse;
export const { Association } = dimse.association;
export type Association = InstanceType<typeof dimse.association.Association>;
export type PresentationContext = InstanceType<typeof dimse.association.PresentationContext>;
export type Request = InstanceType<typeof dimse.requests.Request>;
/** The request and response base classes: declared in the typings, but exported only through their subclasses. */
export const RequestClass = Object.getPrototypeOf(dimse.requests.CEchoRequest) as abstract new (
  ...args: never[]
) => Request;
export const ResponseClass = Object.getPrototypeOf(dimse.responses.CEchoResponse) as abstract new (
  ...args: never[]
) => InstanceType<typeof dimse.responses.Response>;
export type Response = InstanceType<typeof dimse.responses.Response>;
export type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
export type CFindRequest = InstanceType<typeof dimse.requests.CFindRequest>;
export type CGetRequest = InstanceType<typeof dimse.requests.CGetRequest>;
export type CMoveRequest = InstanceType<typeof dimse.requests.CMoveRequest>;
export type DatasetType = InstanceType<typeof dimse.Dataset>;
