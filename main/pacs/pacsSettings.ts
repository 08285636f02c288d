/**
 * The workstation's own AE and the remote nodes: the defaults, under the user's own settings,
 * under the managed policy. A field of the local AE the policy gives is fixed; a node the policy
 * lists is fixed as a whole, and the user's own nodes sit beside it.
 */
import { randomBytes } from 'node:crypto';
import { PacsSettings, type LocalAe, type RemoteNode } from '../../preload/contract/index.js';
import type { ManagedPolicy } from '../policy/index.js';
import { SettingsSection } from '../settings/index.js';

/** Receive off (no port opens unless someone turns it on), the conventional AE and port. */
export const DEFAULT_LOCAL_AE: LocalAe = {
  aeTitle: 'MITATE',
  port: 11112,
  receiveEnabled: false,
  allowedCallers: [],
  tls: { enabled: false },
  maxAssociations: 4,
  maxInstanceBytes: 1024 ** 3,
};

export const DEFAULT_PACS_SETTINGS: PacsSettings = { local: DEFAULT_LOCAL_AE, nodes: [] };

/** What the policy fixes: the local AE's fields it gives and the nodes it lists. */
export interface PacsFixed {
  localFields: (keyof LocalAe)[];
  nodeIds: string[];
}

/** A node the renderer just added carries a placeholder id ("new-…"); main names it. */
const isPlaceholder = (id: string): boolean => id.startsWith('new-');
const newNodeId = (): string => `node-${randomBytes(6).toString('hex')}`;

export class PacsSettingsStore {
  private readonly section: SettingsSection<PacsSettings>;

  constructor(
    dataDir: string,
    private readonly policy: ManagedPolicy = {},
  ) {
    this.section = new SettingsSection(dataDir, 'pacs', PacsSettings, () => DEFAULT_PACS_SETTINGS);
  }

  fixed(): PacsFixed {
    return {
      localFields: Object.keys(this.policy.pacsLocalAe ?? {}) as (keyof LocalAe)[],
      nodeIds: (this.policy.pacsNodes ?? []).map((node) => node.id),
    };
  }

  async get(): Promise<PacsSettings> {
    const user = await this.section.get();
    const policyNodes = this.policy.pacsNodes ?? [];
    const fixedIds = new Set(policyNodes.map((node) => node.id));
    return {
      local: { ...user.local, ...definedOnly(this.policy.pacsLocalAe ?? {}) },
      nodes: [...policyNodes, ...user.nodes.filter((node) => !fixedIds.has(node.id))],
    };
  }

  async node(nodeId: string): Promise<RemoteNode | undefined> {
    return (await this.get()).nodes.find((node) => node.id === nodeId);
  }

  /**
   * Keeps the user's part of `next`: policy nodes and policy-fixed fields come from the policy
   * whatever was sent (the renderer shows them disabled, a compromised one cannot change them).
   */
  async update(next: PacsSettings): Promise<PacsSettings> {
    const fixedIds = new Set(this.fixed().nodeIds);
    const nodes = next.nodes
      .filter((node) => !fixedIds.has(node.id))
      .map((node) => (isPlaceholder(node.id) ? { ...node, id: newNodeId() } : node));
    const ids = new Set<string>();
    const unique = nodes.filter((node) => !ids.has(node.id) && ids.add(node.id));
    await this.section.set({ local: next.local, nodes: unique });
    return this.get();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, one]) => one !== undefined),
  ) as Partial<T>;
}
