import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Provider from 'oidc-provider';
import { auditAnchorRoute } from '../audit/index.js';
import { catalogRoutes, referenceServices, signCatalog } from '../catalog/index.js';
import { InstanceStore, qidoRoute, stowRoute, wadoRoute } from '../dicomweb/index.js';
import { HttpError, sendProblem, type Route } from '../http/index.js';
import {
  AccountStore,
  accessTokenVerifier,
  acceptJwtRevocation,
  bearerTokenCheck,
  createOpenIdProvider,
  type DemoUser,
  liveCheck,
  type LockoutPolicy,
  loginInteractionRoute,
  ProviderStore,
  relyingPartyFor,
  seedDemoUsers,
} from '../identity/index.js';
import { loadPlatformKeys, publicJwk } from '../state/index.js';
import {
  CHANNEL_PATH,
  EventChannel,
  ReferencePerformer,
  stateOf,
  upsRoute,
  WorkItemList,
} from '../ups/index.js';

/**
 * Starts the reference platform on loopback: the OpenID provider with its login pages, the
 * signed catalog, DICOMweb (STOW/QIDO/WADO-RS) and UPS-RS with the WebSocket event channel, and
 * the reference performer. The platform's own state (keys, accounts with their TOTP replay
 * steps and lockouts) lives in `dataDir`; image data lives only in `dataDir/scratch`, which is
 * emptied at start and swept by the time to live.
 */
export interface PlatformOptions {
  dataDir: string;
  host?: string;
  /**
   * Host name in the platform's own URLs (issuer, links) when it differs from the bound
   * address, e.g. `localhost` while listening on 127.0.0.1: WebAuthn passkeys need a name.
   */
  publicHost?: string;
  port?: number;
  /** The command that runs `analyze` (the bundled CLI); without it reference jobs are canceled. */
  analyzeCommand?: string[];
  /** How long image data may stay at most (default one hour). */
  imageTtlMs?: number;
  sweepIntervalMs?: number;
  accessTokenTtlSeconds?: number;
  lockout?: LockoutPolicy;
  maxStowBytes?: number;
  /** Create the demo doctor and radiologist when there are no accounts yet. */
  seedDemoUsers?: boolean;
}

export interface Platform {
  url: string;
  dataDir: string;
  /** DICOMweb root (STOW/QIDO/WADO-RS and UPS-RS). */
  dicomwebUrl: string;
  scratchFolder: string;
  accounts: AccountStore;
  /** The OpenID provider (its Grant model lets tests issue tokens under a real grant). */
  provider: Provider;
  store: InstanceStore;
  workItems: WorkItemList;
  performer: ReferencePerformer;
  /** Demo users made by this start (empty on later starts). */
  demoUsers: DemoUser[];
  sweep(): Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const host = options.host ?? '127.0.0.1';
  const imageTtlMs = options.imageTtlMs ?? 60 * 60_000;
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const keys = await loadPlatformKeys(options.dataDir);
  const accounts = await AccountStore.open(
    options.dataDir,
    options.lockout ?? { maxFailures: 5, lockMs: 15 * 60_000 },
  );
  const demoUsers = options.seedDemoUsers ? await seedDemoUsers(accounts) : [];

  const scratchFolder = join(options.dataDir, 'scratch');
  await rm(scratchFolder, { recursive: true, force: true });
  const store = await InstanceStore.open(join(scratchFolder, 'instances'), imageTtlMs);
  const jobsFolder = join(scratchFolder, 'jobs');
  await mkdir(jobsFolder, { recursive: true, mode: 0o700 });

  let routes: Route[] = [];
  let fallback: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503);
    res.end();
  };
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://platform.invalid');
        for (const route of routes) if (await route({ req, res, url })) return;
        fallback(req, res);
      } catch (error) {
        sendProblem(res, error instanceof HttpError ? error : new HttpError(500, 'server_error'));
      }
    })();
  });
  server.requestTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = options.publicHost ?? host;
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  const dicomwebUrl = `${url}/dicomweb`;

  const providerStore = await ProviderStore.open(options.dataDir);
  const provider = await createOpenIdProvider({
    issuer: url,
    resource: dicomwebUrl,
    keys,
    accounts,
    store: providerStore,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
  });
  // oidc-provider reports its own errors as events; they carry no patient data, only protocol codes.
  provider.on('server_error', () => undefined);
  const tokenOptions = {
    issuer: url,
    resource: dicomwebUrl,
    signingKey: publicJwk(keys.tokenSigning),
  };
  acceptJwtRevocation(provider, providerStore, accessTokenVerifier(tokenOptions));
  const authorize = bearerTokenCheck({
    ...tokenOptions,
    requiredScope: 'dicomweb',
    isLive: liveCheck(providerStore),
  });
  const catalog = await signCatalog(referenceServices, url, keys.catalogSigning);
  const workItems = new WorkItemList();
  const channel = new EventChannel(workItems, authorize);
  const performer = new ReferencePerformer({
    workItems,
    store,
    jobsFolder,
    analyzeCommand: options.analyzeCommand ?? [],
    baseUrl: dicomwebUrl,
  });
  const maxStowBytes = options.maxStowBytes ?? 512 * 1024 * 1024;

  routes = [
    catalogRoutes(catalog, keys.catalogSigning),
    loginInteractionRoute(provider, accounts, dicomwebUrl, relyingPartyFor(url)),
    stowRoute(store, authorize, dicomwebUrl, maxStowBytes),
    qidoRoute(store, authorize, dicomwebUrl),
    wadoRoute(store, authorize, dicomwebUrl),
    upsRoute(workItems, channel, authorize, dicomwebUrl),
    // The catalog's key also signs audit receipts (a JWS type of their own keeps them apart).
    auditAnchorRoute(authorize, url, keys.catalogSigning),
  ];
  fallback = provider.callback();

  server.on('upgrade', (req, socket, head) => {
    // Node leaves an upgraded socket without an 'error' listener: a client that resets the
    // connection while its token is checked would otherwise end the whole platform.
    socket.on('error', () => socket.destroy());
    const match = CHANNEL_PATH.exec(new URL(req.url ?? '/', 'http://platform.invalid').pathname);
    if (match === null) {
      socket.destroy();
      return;
    }
    void channel
      .upgrade(req, socket, head, decodeURIComponent(match[1]!))
      .catch(() => socket.destroy());
  });

  /** Time to live: image data and finished work items older than the TTL go. */
  const sweep = async (): Promise<void> => {
    await store.sweep();
    const now = Date.now();
    for (const item of workItems.all()) {
      const state = stateOf(item);
      if ((state === 'COMPLETED' || state === 'CANCELED') && item.updatedAt + imageTtlMs <= now) {
        workItems.delete(item.uid);
        channel.forget(item.uid);
      }
    }
  };
  // A failed sweep (a file already gone) is retried at the next tick, never an unhandled rejection.
  const timer = setInterval(
    () => void sweep().catch(() => undefined),
    options.sweepIntervalMs ?? 60_000,
  );
  timer.unref();

  return {
    url,
    dataDir: options.dataDir,
    dicomwebUrl,
    scratchFolder,
    accounts,
    provider,
    store,
    workItems,
    performer,
    demoUsers,
    sweep,
    async close() {
      clearInterval(timer);
      channel.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await performer.idle();
      await providerStore.flush();
      await rm(scratchFolder, { recursive: true, force: true });
    },
  };
}
