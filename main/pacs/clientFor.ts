/**
 * The one place that picks a node's protocol: DICOMweb nodes get the client of `./dicomweb/`,
 * DIMSE nodes the one of `./dimse/`. A DICOMweb address over plain http is refused here unless
 * it stays on this machine (or this is a development build), as the platform address is.
 */
import type { LocalAe, RemoteNode } from '../../preload/contract/index.js';
import { isPackagedApp, platformUrlProblem } from '../auth/index.js';
import { createDicomwebPacsClient } from './dicomweb/dicomwebPacsClient.js';
import { createDimseClient } from './dimse/dimseClient.js';
import type { MoveReceiver } from './dimse/moveReceiver.js';
import type { NodeSecrets } from './nodeSecrets.js';
import { PacsError, type PacsClient } from './pacsClient.js';

export interface ClientDeps {
  secrets: NodeSecrets;
  local: LocalAe;
  /** The running storage SCP, where a C-MOVE's instances arrive (absent while receiving is off). */
  moveReceiver?: MoveReceiver;
  packaged?: boolean;
}

export async function clientFor(node: RemoteNode, deps: ClientDeps): Promise<PacsClient> {
  if (node.kind === 'dimse') {
    // The node's keychain secret is its TLS key's passphrase, read only when TLS is on.
    const passphrase = node.tls.enabled
      ? await deps.secrets.get(node.id).catch(() => undefined)
      : undefined;
    return createDimseClient(node, deps.local, {
      maxInstanceBytes: deps.local.maxInstanceBytes,
      ...(passphrase === undefined ? {} : { tlsPassphrase: passphrase }),
      ...(deps.moveReceiver === undefined ? {} : { moveReceiver: deps.moveReceiver }),
    });
  }
  const problem = platformUrlProblem(node.baseUrl, deps.packaged ?? isPackagedApp());
  if (problem !== undefined) throw new PacsError('insecure_url');
  return createDicomwebPacsClient(node, {
    secret: () => deps.secrets.get(node.id),
    maxInstanceBytes: deps.local.maxInstanceBytes,
  });
}
