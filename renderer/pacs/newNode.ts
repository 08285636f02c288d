import type { RemoteNode } from '../../preload/contract/index.js';

/** A node being added: main replaces the placeholder id when it is saved. */
export function newNode(kind: RemoteNode['kind']): RemoteNode {
  return kind === 'dicomweb'
    ? { kind, id: 'new-node', label: 'DICOMweb', baseUrl: 'https://', auth: 'none' }
    : {
        kind,
        id: 'new-node',
        label: 'PACS',
        aeTitle: 'PACS',
        host: 'pacs',
        port: 104,
        tls: { enabled: false },
        retrieveWith: 'c-get',
      };
}
