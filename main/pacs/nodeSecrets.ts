/**
 * A node's password or token in the OS keychain, under a name made of its id only: the secret
 * never reaches the settings file, the renderer or a log.
 */
import type { Keychain } from '../keychain/index.js';

const nameOf = (nodeId: string): string => `pacs-node-${nodeId}`;

export class NodeSecrets {
  constructor(private readonly keychain: Keychain) {}

  get(nodeId: string): Promise<string | undefined> {
    return this.keychain.get(nameOf(nodeId));
  }

  /** An empty secret deletes the stored one. */
  async set(nodeId: string, secret: string): Promise<void> {
    if (secret === '') await this.keychain.delete(nameOf(nodeId));
    else await this.keychain.set(nameOf(nodeId), secret);
  }

  async has(nodeId: string): Promise<boolean> {
    return (await this.get(nodeId).catch(() => undefined)) !== undefined;
  }
}
