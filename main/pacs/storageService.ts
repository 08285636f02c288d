/**
 * The storage SCP as the settings want it: listening while receiving is on (the user's setting
 * or the policy), started again when the local AE or the allowed callers change, stopped at quit.
 * What an association stored goes to the library once the association is over, one association
 * after another; a C-MOVE retrieve finds the running SCP here as its receiver.
 */
import type { LocalAe, PacsSettings } from '../../preload/contract/index.js';
import type { MoveReceiver } from './dimse/moveReceiver.js';
import type { NodeSecrets } from './nodeSecrets.js';
import { startStorageScp, type StorageScp } from './receive/storageScp.js';

/** The keychain entry of the local AE's TLS key passphrase (beside the nodes' secrets). */
export const LOCAL_AE_SECRET = 'local-ae';

export interface StorageServiceDeps {
  dataDir: string;
  secrets: NodeSecrets;
  /** Imports an association's files and tells the renderer. */
  onReceived(files: readonly string[], callingAeTitle: string): Promise<void>;
}

/** When the local AE lists no callers, the configured DIMSE nodes may store (and answer C-MOVE). */
export function allowedCallersOf(settings: PacsSettings): string[] {
  if (settings.local.allowedCallers.length > 0) return [...settings.local.allowedCallers];
  return settings.nodes.flatMap((node) => (node.kind === 'dimse' ? [node.aeTitle] : []));
}

export class StorageService {
  private running: StorageScp | undefined;
  private applied: string | undefined;
  /** Why the SCP is not listening though receiving is on (a port in use, a TLS file missing). */
  problem: string | undefined;
  private imports: Promise<void> = Promise.resolve();
  private readonly arrived = new Map<string, string[]>();

  constructor(private readonly deps: StorageServiceDeps) {}

  /** The SCP for C-MOVE, while it listens. */
  get moveReceiver(): MoveReceiver | undefined {
    return this.running;
  }

  /** Brings the SCP in line with the settings: nothing happens when they did not change. */
  async apply(settings: PacsSettings): Promise<void> {
    const allowedCallers = allowedCallersOf(settings);
    const wanted = JSON.stringify({ local: settings.local, allowedCallers });
    if (wanted === this.applied) return;
    await this.stop();
    this.applied = wanted;
    if (!settings.local.receiveEnabled) return;
    try {
      this.running = await this.start(settings.local, allowedCallers);
      this.problem = undefined;
    } catch (error) {
      // The code only (EADDRINUSE, ENOENT…): never a path or anything a peer sent.
      this.problem = (error as NodeJS.ErrnoException).code ?? 'start_failed';
    }
  }

  private async start(local: LocalAe, allowedCallers: string[]): Promise<StorageScp> {
    const passphrase = local.tls.enabled
      ? await this.deps.secrets.get(LOCAL_AE_SECRET).catch(() => undefined)
      : undefined;
    return startStorageScp(local, {
      dataDir: this.deps.dataDir,
      allowedCallers,
      ...(passphrase === undefined ? {} : { tlsPassphrase: passphrase }),
      onInstance: (instance) => {
        const files = this.arrived.get(instance.associationId) ?? [];
        files.push(instance.path);
        this.arrived.set(instance.associationId, files);
      },
      onAssociationEnd: (summary) => {
        const files = this.arrived.get(summary.associationId) ?? [];
        this.arrived.delete(summary.associationId);
        if (files.length === 0) return;
        // One import at a time, in the order associations ended; a failed import does not stop
        // the next (the files stay in the received folder and are imported again at a re-import).
        this.imports = this.imports
          .then(() => this.deps.onReceived(files, summary.callingAeTitle))
          .catch(() => undefined);
      },
    });
  }

  /** Stops listening, then waits for imports already started. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.applied = undefined;
    if (running !== undefined) await running.stop();
    await this.imports;
  }
}
