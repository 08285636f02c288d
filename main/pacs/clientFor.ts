/**
 * The one place that picks a node's protocol: DICOMweb nodes get the client of `./dicomweb/`,
 * DIMSE nodes the one of `./dimse/`. A DICOMweb address over plain http is refused here unless
 * it stays on this machine (or this is a development build), as the platform address is.
 */
import type { LocalAe, RemoteNode } from '../../preload/contract/index.js';
import { isPackagedApp, platformUrlProblem } from '../auth/index.js';
import { createDicomwebPacsClient } from './dicomweb/dicomwebPacsClient.js';
import type { NodeSecrets } from './nodeSecrets.js';
import { PacsError, type PacsClient } from './pacsClient.js';

/** Builds the DIMSE client; wired once `./dimse/` provides `createDimseClient`. */
export type DimseClientFactory = (
  node: Extract<RemoteNode, { kind: 'dimse' }>,
  local: LocalAe,
) => PacsClient;

export interface ClientDeps {
  secrets: NodeSecrets;
  local: LocalAe;
  /** Absent until the DIMSE client is wired: DIMSE nodes then answer `protocol_error`. */
  createDimseClient?: DimseClientFactory;
  packaged?: boolean;
}

export function clientFor(node: RemoteNode, deps: ClientDeps): PacsClient {
  if (node.kind === 'dimse') {
    if (deps.createDimseClient === undefined)
      throw new PacsError('protocol_error', 'dimse not wired');
    return deps.createDimseClient(node, deps.local);
  }
  const problem = platformUrlProblem(node.baseUrl, deps.packaged ?? isPackagedApp());
  if (problem !== undefined) throw new PacsError('insecure_url');
  return createDicomwebPacsClient(node, {
    secret: () => deps.secrets.get(node.id),
    maxInstanceBytes: deps.local.maxInstanceBytes,
  });
}
