/**
 * Hospital connectivity: the remote nodes (a PACS or modality over DIMSE, an archive over
 * DICOMweb), the workstation's own AE, queries, retrieves and what the storage SCP receives.
 *
 * Secrets (a DICOMweb password or token, a TLS private key's passphrase) never travel here: the
 * renderer sends them once to `pacs.setNodeSecret` and main keeps them in the OS keychain.
 */
import { z } from 'zod';
import { PersonName } from './library.js';
import { DicomDate, Empty, Uid } from './shared.js';

/** A DICOM AE title: 1–16 characters of the default repertoire, no backslash, not all spaces. */
export const AeTitle = z
  .string()
  .min(1)
  .max(16)
  .regex(/^[\x20-\x5b\x5d-\x7e]*[\x21-\x5b\x5d-\x7e][\x20-\x5b\x5d-\x7e]*$/);
export const TcpPort = z.number().int().min(1).max(65535);
/** A node's id: chosen by main when the node is added, stable, safe in a file name. */
export const NodeId = z.string().regex(/^[a-z0-9-]{1,40}$/);

/** DICOM TLS (BCP 195): files the user or IT chose; the private key's passphrase is a secret. */
export const TlsSettings = z.object({
  enabled: z.boolean(),
  /** PEM file of the certificate authorities trusted for the peer; empty means the OS store. */
  caFile: z.string().max(4096).optional(),
  /** PEM certificate and key that identify this workstation (needed where the peer asks). */
  certFile: z.string().max(4096).optional(),
  keyFile: z.string().max(4096).optional(),
});
export type TlsSettings = z.infer<typeof TlsSettings>;

export const DimseNode = z.object({
  kind: z.literal('dimse'),
  id: NodeId,
  label: z.string().min(1).max(64),
  aeTitle: AeTitle,
  host: z.string().min(1).max(253),
  port: TcpPort,
  tls: TlsSettings,
  /** C-GET works behind NAT (no inbound port); C-MOVE needs the storage SCP on and this AE known to the PACS. */
  retrieveWith: z.enum(['c-get', 'c-move']),
});
export type DimseNode = z.infer<typeof DimseNode>;

export const DicomwebAuth = z.enum(['none', 'basic', 'bearer']);
export const DicomwebNode = z.object({
  kind: z.literal('dicomweb'),
  id: NodeId,
  label: z.string().min(1).max(64),
  /** The service root, e.g. `https://pacs.example/dicom-web` (http only on loopback in a packaged app). */
  baseUrl: z.string().url().max(2048),
  auth: DicomwebAuth,
  /** The user name for basic auth; the password is a secret in the keychain. */
  username: z.string().max(256).optional(),
});
export type DicomwebNode = z.infer<typeof DicomwebNode>;

export const RemoteNode = z.discriminatedUnion('kind', [DimseNode, DicomwebNode]);
export type RemoteNode = z.infer<typeof RemoteNode>;

/** The workstation itself on the network; the storage SCP is off unless the user or IT turns it on. */
export const LocalAe = z.object({
  aeTitle: AeTitle,
  port: TcpPort,
  receiveEnabled: z.boolean(),
  /** Calling AE titles allowed to store; empty means every configured DIMSE node's AE title. */
  allowedCallers: z.array(AeTitle).max(256),
  tls: TlsSettings,
  maxAssociations: z.number().int().min(1).max(64),
  /** Largest single instance accepted, in bytes. */
  maxInstanceBytes: z
    .number()
    .int()
    .min(1024)
    .max(8 * 1024 ** 3),
});
export type LocalAe = z.infer<typeof LocalAe>;

export const PacsSettings = z.object({
  local: LocalAe,
  nodes: z.array(RemoteNode).max(64),
});
export type PacsSettings = z.infer<typeof PacsSettings>;

/** What the user types into the search panel; every field optional, `*` and `?` as wildcards. */
export const RemoteQuery = z.object({
  patientId: z.string().max(64).optional(),
  /** Matched against the alphabetic, ideographic and phonetic groups as the PACS does. */
  patientName: z.string().max(192).optional(),
  patientBirthDate: DicomDate.optional(),
  /** Inclusive range, YYYYMMDD; either end may be absent. */
  studyDateFrom: DicomDate.optional(),
  studyDateTo: DicomDate.optional(),
  modality: z.string().max(16).optional(),
  accessionNumber: z.string().max(64).optional(),
  studyDescription: z.string().max(64).optional(),
});
export type RemoteQuery = z.infer<typeof RemoteQuery>;

export const RemoteStudy = z.object({
  nodeId: NodeId,
  studyInstanceUid: Uid,
  patientName: PersonName,
  patientId: z.string().max(64),
  patientBirthDate: DicomDate,
  studyDate: DicomDate,
  studyDescription: z.string().max(64),
  accessionNumber: z.string().max(64),
  modalities: z.array(z.string().max(16)).max(32),
  seriesCount: z.number().int().nonnegative().optional(),
  instanceCount: z.number().int().nonnegative().optional(),
});
export type RemoteStudy = z.infer<typeof RemoteStudy>;

export const RemoteSeries = z.object({
  nodeId: NodeId,
  studyInstanceUid: Uid,
  seriesInstanceUid: Uid,
  modality: z.string().max(16),
  seriesNumber: z.number().int().nullable(),
  seriesDescription: z.string().max(64),
  instanceCount: z.number().int().nonnegative().optional(),
});
export type RemoteSeries = z.infer<typeof RemoteSeries>;

/** Why talking to a node failed; i18n key `pacs.problem.<code>`, said in the user's language. */
export const PacsProblem = z.enum([
  'refused',
  'unreachable',
  'timeout',
  'unknown_ae',
  'association_rejected',
  'tls_failed',
  'unauthorized',
  'not_found',
  'protocol_error',
  'too_many_results',
  'response_too_large',
  'cancelled',
  'receive_disabled',
  /** A DICOMweb address over plain http to another machine (only https leaves this computer). */
  'insecure_url',
  /** The node's password or token is not in the keychain (or there is no keychain). */
  'secret_missing',
]);
export type PacsProblem = z.infer<typeof PacsProblem>;

export const EchoOutcome = z.union([
  z.object({ ok: z.literal(true), milliseconds: z.number().nonnegative() }),
  z.object({ ok: z.literal(false), problem: PacsProblem }),
]);
export type EchoOutcome = z.infer<typeof EchoOutcome>;

export const QueryId = z.string().regex(/^[a-z0-9-]{1,64}$/);
export const RetrieveId = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const RetrieveState = z.enum([
  'queued',
  'retrieving',
  'importing',
  'completed',
  /** Some instances failed; what arrived is imported and the study is marked incomplete. */
  'incomplete',
  'failed',
  'cancelled',
]);
export type RetrieveState = z.infer<typeof RetrieveState>;

export const RetrieveProgress = z.object({
  retrieveId: RetrieveId,
  nodeId: NodeId,
  studyInstanceUid: Uid,
  seriesInstanceUid: Uid.optional(),
  state: RetrieveState,
  instancesDone: z.number().int().nonnegative(),
  /** Known once the PACS says (C-GET/C-MOVE remaining counts, QIDO counts); absent until then. */
  instancesTotal: z.number().int().nonnegative().optional(),
  instancesFailed: z.number().int().nonnegative(),
  bytesDone: z.number().nonnegative(),
  bytesPerSecond: z.number().nonnegative().optional(),
  secondsLeft: z.number().nonnegative().optional(),
  problem: PacsProblem.optional(),
  /** The library study id once imported, to open it. */
  studyId: z.string().optional(),
});
export type RetrieveProgress = z.infer<typeof RetrieveProgress>;

/** What the managed policy fixes: fields of the local AE, and whole nodes by id. */
export const PacsFixed = z.object({
  localFields: z.array(z.string().max(64)).max(16),
  nodeIds: z.array(NodeId).max(64),
});
export type PacsFixed = z.infer<typeof PacsFixed>;

/** The settings as the dialog shows them: with what the policy fixes, and which nodes have a secret stored. */
export const PacsSettingsView = PacsSettings.extend({
  fixed: PacsFixed.optional(),
  nodesWithSecret: z.array(NodeId).max(64).optional(),
});
export type PacsSettingsView = z.infer<typeof PacsSettingsView>;

export const pacsChannels = {
  'pacs.settings': { request: Empty, response: PacsSettingsView },
  'pacs.updateSettings': { request: PacsSettings, response: PacsSettingsView },
  'pacs.setNodeSecret': {
    request: z.object({ nodeId: NodeId, secret: z.string().max(8192) }).strict(),
    response: Empty,
  },
  'pacs.echo': { request: z.object({ nodeId: NodeId }).strict(), response: EchoOutcome },
  'pacs.query': {
    request: z.object({ nodeId: NodeId, query: RemoteQuery }).strict(),
    response: z.object({ queryId: QueryId }),
  },
  'pacs.cancelQuery': { request: z.object({ queryId: QueryId }).strict(), response: Empty },
  'pacs.series': {
    request: z.object({ nodeId: NodeId, studyInstanceUid: Uid }).strict(),
    response: z.array(RemoteSeries).max(10000),
  },
  'pacs.retrieve': {
    request: z
      .object({ nodeId: NodeId, studyInstanceUid: Uid, seriesInstanceUid: Uid.optional() })
      .strict(),
    response: z.object({ retrieveId: RetrieveId }),
  },
  'pacs.retrieves': { request: Empty, response: z.array(RetrieveProgress).max(1000) },
  'pacs.cancelRetrieve': {
    request: z.object({ retrieveId: RetrieveId }).strict(),
    response: Empty,
  },
  'pacs.retryRetrieve': { request: z.object({ retrieveId: RetrieveId }).strict(), response: Empty },
} as const;

export const pacsEvents = {
  /** A page of a running query's answers; `done` on the last (or when it failed or was cancelled). */
  'pacs.queryPage': z.object({
    queryId: QueryId,
    studies: z.array(RemoteStudy).max(1000),
    done: z.boolean(),
    problem: PacsProblem.optional(),
  }),
  'pacs.retrieveProgress': RetrieveProgress,
  /** The storage SCP imported instances a modality or PACS pushed; the study list refreshes. */
  'pacs.received': z.object({
    callingAeTitle: AeTitle,
    instances: z.number().int().nonnegative(),
    studyIds: z.array(z.string()).max(1000),
  }),
} as const;
