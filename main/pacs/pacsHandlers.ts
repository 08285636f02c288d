/**
 * The pacs channels: the nodes and the local AE (with the policy's fixed values), node secrets
 * into the keychain, echo, query sessions, series, and the retrieve queue. Retrieved instances
 * are imported through the library's one import path (`uses.importOwnFiles`).
 */
import type { ImportReport, PacsSettings, PacsSettingsView } from '../../preload/contract/index.js';
import { isPackagedApp, platformUrlProblem } from '../auth/index.js';
import { HandlerError } from '../errors/index.js';
import type { Feature, HostServices } from '../host/index.js';
import { osKeychain } from '../keychain/index.js';
import { opaqueId } from '../library/index.js';
import { clientFor } from './clientFor.js';
import { problemOf } from './dicomweb/problemOf.js';
import { NodeSecrets } from './nodeSecrets.js';
import { PacsError, type PacsClient } from './pacsClient.js';
import { PacsSettingsStore } from './pacsSettings.js';
import { QuerySessions } from './querySessions.js';
import { receiveArrivals } from './receivedArrivals.js';
import { RetrieveJournal } from './retrieveJournal.js';
import { RetrieveQueue } from './retrieveQueue.js';
import { StorageService } from './storageService.js';

export interface PacsUses {
  importOwnFiles(paths: readonly string[]): Promise<ImportReport>;
}

export interface PacsFeature extends Feature<'pacs'> {
  /** For the storage SCP: import what an association stored, then tell the renderer. */
  onReceived(files: readonly string[], callingAeTitle: string): Promise<void>;
  /** The settings (the SCP reads the local AE and the allowed callers from here). */
  settings: PacsSettingsStore;
  /** Resolves once the retrieve list is read, unfinished retrieves are under way again and the storage SCP listens (when receiving is on). */
  ready: Promise<void>;
  /** Forgets the retrieve list, as clearing the library forgets the studies. */
  clearRetrieves(): Promise<void>;
  dispose(): Promise<void>;
}

/** A pacs failure as the error the renderer shows: the problem code travels as the detail. */
function failed(error: unknown): HandlerError {
  return new HandlerError('pacs_failed', problemOf(error));
}

export function createPacsHandlers(host: HostServices, uses: PacsUses): PacsFeature {
  const settings = new PacsSettingsStore(host.dataDir, host.policy);
  const secrets = new NodeSecrets(host.keychain ?? osKeychain());
  const queries = new QuerySessions((page) => host.emit('pacs.queryPage', page));

  const client = async (nodeId: string): Promise<PacsClient> => {
    const all = await settings.get();
    const node = all.nodes.find((one) => one.id === nodeId);
    if (node === undefined) throw new PacsError('not_found', 'node');
    const moveReceiver = storage.moveReceiver;
    return clientFor(node, {
      secrets,
      local: all.local,
      ...(moveReceiver === undefined ? {} : { moveReceiver }),
    });
  };

  const importAndFind = async (
    paths: readonly string[],
  ): Promise<{ instancesAdded: number; studyIds: string[] }> => {
    const report = await uses.importOwnFiles(paths);
    return {
      instancesAdded: report.instancesAdded,
      studyIds: report.studies.map((study) => study.id),
    };
  };

  const onReceived = receiveArrivals(importAndFind, (payload) =>
    host.emit('pacs.received', payload),
  );
  // Off unless the user or the policy turned receiving on; a failure to listen is kept, not thrown.
  const storage = new StorageService({ dataDir: host.dataDir, secrets, onReceived });
  const storageApplied = settings.get().then((current) => storage.apply(current));

  let queue: RetrieveQueue | undefined;
  const ready = RetrieveQueue.open({
    dataDir: host.dataDir,
    journal: new RetrieveJournal(host.dataDir),
    clientFor: client,
    importFolder: async (folder, studyInstanceUid) => {
      const { studyIds } = await importAndFind([folder]);
      const id = opaqueId('study', studyInstanceUid);
      return studyIds.includes(id) ? id : studyIds[0];
    },
    emit: (progress) => host.emit('pacs.retrieveProgress', progress),
  }).then((opened) => {
    queue = opened;
  });
  const retrieves = async (): Promise<RetrieveQueue> => {
    await ready;
    return queue!;
  };

  const view = async (current: PacsSettings): Promise<PacsSettingsView> => {
    const withSecret = await Promise.all(
      current.nodes.map(async (node) => ((await secrets.has(node.id)) ? [node.id] : [])),
    );
    return { ...current, fixed: settings.fixed(), nodesWithSecret: withSecret.flat() };
  };

  const handlers: PacsFeature['handlers'] = {
    'pacs.settings': async () => view(await settings.get()),
    'pacs.updateSettings': async (next) => {
      const packaged = isPackagedApp();
      for (const node of next.nodes)
        if (node.kind === 'dicomweb' && platformUrlProblem(node.baseUrl, packaged) !== undefined)
          throw new HandlerError('pacs_url_insecure', node.id);
      const updated = await settings.update(next);
      await storage.apply(updated);
      return view(updated);
    },
    'pacs.setNodeSecret': async ({ nodeId, secret }) => {
      if ((await settings.node(nodeId)) === undefined) throw new HandlerError('not_found', 'node');
      try {
        await secrets.set(nodeId, secret);
      } catch {
        throw new HandlerError('pacs_failed', 'secret_missing');
      }
      return {};
    },
    'pacs.echo': async ({ nodeId }) => {
      try {
        const milliseconds = await (await client(nodeId)).echo(AbortSignal.timeout(20_000));
        return { ok: true, milliseconds };
      } catch (error) {
        return { ok: false, problem: problemOf(error) };
      }
    },
    'pacs.query': async ({ nodeId, query }) => {
      try {
        return { queryId: queries.start(await client(nodeId), query) };
      } catch (error) {
        throw failed(error);
      }
    },
    'pacs.cancelQuery': async ({ queryId }) => {
      queries.cancel(queryId);
      return {};
    },
    'pacs.series': async ({ nodeId, studyInstanceUid }) => {
      try {
        return await (await client(nodeId)).findSeries(
          studyInstanceUid,
          AbortSignal.timeout(60_000),
        );
      } catch (error) {
        throw failed(error);
      }
    },
    'pacs.retrieve': async (target) => {
      if ((await settings.node(target.nodeId)) === undefined)
        throw new HandlerError('not_found', 'node');
      return { retrieveId: (await retrieves()).add(target) };
    },
    'pacs.retrieves': async () => (await retrieves()).list(),
    'pacs.cancelRetrieve': async ({ retrieveId }) => {
      (await retrieves()).cancel(retrieveId);
      return {};
    },
    'pacs.retryRetrieve': async ({ retrieveId }) => {
      (await retrieves()).retry(retrieveId);
      return {};
    },
  };

  return {
    handlers,
    settings,
    ready: Promise.all([ready, storageApplied]).then(() => undefined),
    onReceived,
    clearRetrieves: async () => (await retrieves()).clear(),
    dispose: async () => {
      queries.cancelAll();
      await (await retrieves()).stop();
      await storageApplied;
      await storage.stop();
    },
  };
}
