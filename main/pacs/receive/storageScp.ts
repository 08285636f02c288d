/**
 * The workstation's storage SCP (PS3.4 B): a port a modality or the PACS pushes to, and where a
 * C-MOVE's instances arrive. It opens only when the user or IT turned receiving on; only allowed
 * calling AE titles may store; associations and instance sizes are capped; every PDU is bounded.
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { LocalAe } from '../../../preload/contract/index.js';
import { makePrivateFolder, pathInside } from '../../storage/index.js';
import type { MoveReceiver } from '../dimse/moveReceiver.js';
import { guardPduLengths } from '../dimse/pduGuard.js';
import { tlsServerOptions } from '../dimse/tlsOptions.js';
import { PacsError } from '../pacsClient.js';
import { MoveRoutes } from './moveRoutes.js';
import { ScpConnection, type AssociationSummary, type ReceivedInstance } from './scpConnection.js';

export interface StorageScpOptions {
  /** The data folder; instances go to `<dataDir>/received/<association>/<SOP Instance UID>.dcm`. */
  dataDir: string;
  /**
   * Calling AE titles allowed to store. The caller resolves LocalAe.allowedCallers: when that is
   * empty, it passes the AE titles of the configured DIMSE nodes.
   */
  allowedCallers: readonly string[];
  /** Each instance once it is complete on disk. */
  onInstance?: (instance: ReceivedInstance) => void;
  /** Each association once it is over (released, aborted or dropped), with what it brought. */
  onAssociationEnd?: (summary: AssociationSummary) => void;
  /** The TLS key's passphrase, from the keychain. */
  tlsPassphrase?: string;
  /** Where to listen; every interface unless said (tests use loopback). */
  host?: string;
  /** Overrides LocalAe.port (0: any free port, for tests). */
  port?: number;
  /** Idle time allowed before the association request and between PDUs. */
  idleTimeoutMs?: number;
}

export interface StorageScp extends MoveReceiver {
  /** The port actually listened on. */
  readonly port: number;
  /** Stops listening and drops the connections (partial instances are removed). */
  stop(): Promise<void>;
}

/** Connections not yet associated count too, so a flood of idle sockets cannot starve real peers. */
const CONNECTIONS_PER_ASSOCIATION = 2;

export async function startStorageScp(
  local: LocalAe,
  options: StorageScpOptions,
): Promise<StorageScp> {
  if (!local.receiveEnabled) throw new PacsError('receive_disabled');
  const receivedRoot = pathInside(options.dataDir, 'received');
  await makePrivateFolder(receivedRoot);
  const allowed = new Set(options.allowedCallers.map((title) => title.trim()));
  const routes = new MoveRoutes();
  const idle = options.idleTimeoutMs ?? 30_000;
  let associations = 0;
  const sockets = new Set<Socket>();

  const onConnection = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let connection: ScpConnection | undefined;
    guardPduLengths(socket, () => undefined);
    socket.on('error', () => undefined);
    try {
      connection = new ScpConnection(
        socket,
        { connectTimeout: idle, associationTimeout: idle, pduTimeout: idle },
        {
          aeTitle: local.aeTitle.trim(),
          isAllowedCaller: (title) => allowed.has(title),
          admit: () => {
            if (associations >= local.maxAssociations) return false;
            associations++;
            return true;
          },
          release: () => {
            associations--;
          },
          maxInstanceBytes: local.maxInstanceBytes,
          receivedRoot,
          routes,
          onInstance: (instance) => options.onInstance?.(instance),
          onAssociationEnd: (summary) => options.onAssociationEnd?.(summary),
        },
      );
    } catch {
      socket.destroy();
      return;
    }
    connection.on('networkError', () => socket.destroy());
  };

  const server: Server = local.tls.enabled
    ? createTlsServer(
        { ...(await tlsServerOptions(local.tls, options.tlsPassphrase)), noDelay: true },
        onConnection,
      )
    : createTcpServer({ noDelay: true }, onConnection);
  server.maxConnections = local.maxAssociations * CONNECTIONS_PER_ASSOCIATION;
  // A failed TLS handshake is that client's problem, not the server's.
  server.on('tlsClientError', (_error: Error, socket: Socket) => socket.destroy());
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new PacsError(
          error.code === 'EADDRINUSE' ? 'refused' : 'unreachable',
          'the storage SCP cannot listen',
        ),
      ),
    );
    server.listen(options.port ?? local.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : local.port;
  let listening = true;

  return {
    port,
    get listening() {
      return listening;
    },
    routeMove: (route) => routes.routeMove(route),
    async stop() {
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
