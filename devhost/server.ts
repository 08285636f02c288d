/**
 * The dev host: the real main-process handlers in plain Node, the built renderer on
 * 127.0.0.1, and the contract bridged over a WebSocket. It is how Mitate runs where the Electron
 * binary is absent, and how end-to-end tests drive the real code in a real Chromium.
 * Never part of a packaged app.
 *
 * Access control, because any local process or web page could try to reach a loopback port:
 * - a per-run secret token, exchanged once for an HttpOnly SameSite=Strict cookie;
 * - the Host header must be our own address (no DNS rebinding);
 * - Origin must be our own origin on the WebSocket and on any request that carries one.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../main/dispatch.js';
import { openAuditSession, withAudit } from '../main/audit/index.js';
import { createHandlers, type MainServices } from '../main/handlers.js';
import { CONTENT_SECURITY_POLICY, resolveRendererFile } from '../main/host/index.js';
import { resolveInstanceFile } from '../main/library/index.js';
import { readPolicyFile } from '../main/policy/index.js';
import { SettingsStore } from '../main/settings/index.js';
import type { EventName, EventPayload } from '../preload/contract/index.js';
import {
  BRIDGE_PATH,
  ClientMessage,
  decodeMessage,
  encodeMessage,
  MAX_MESSAGE_BYTES,
  WS_PATH,
} from './wire.js';

export interface DevHostOptions {
  rendererDir: string;
  bridgeFile: string;
  dataDir: string;
  port?: number;
  version: string;
  /** A managed-policy JSON file to run under (tests); the dev host reads no machine policy. */
  policyFile?: string;
  /** The embedded reference platform's base URL (npm start), shown to the app in `app.info`. */
  platformUrl?: string;
  /** Idle-lock time in seconds instead of the policy's minutes (tests of the screen lock). */
  idleLockSeconds?: number;
}

export interface DevHost {
  url: string;
  launchUrl: string;
  services: MainServices;
  close(): Promise<void>;
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const token = randomBytes(32).toString('hex');
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    const text = encodeMessage({ type: 'event', name, payload });
    for (const socket of sockets) socket.send(text);
  };
  const policy =
    options.policyFile === undefined
      ? { policy: {}, problems: [] }
      : await readPolicyFile(options.policyFile);
  const session = await openAuditSession({
    dataDir: options.dataDir,
    application: `Mitate ${options.version} (dev host)`,
    policy,
  });
  const services = withAudit(
    createHandlers({
      policy: policy.policy,
      info: {
        name: 'Mitate',
        version: options.version,
        host: 'devhost',
        platform: process.platform,
        nativeDialogs: false,
        ...(options.platformUrl === undefined ? {} : { platformUrl: options.platformUrl }),
      },
      dataDir: options.dataDir,
      settings: new SettingsStore(options.dataDir),
      emit,
      audit: session.audit,
      ...(options.idleLockSeconds === undefined
        ? {}
        : { idleLockSeconds: options.idleLockSeconds }),
    }),
    session.audit,
  );

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const cookieName = `mitate_session_${port}`;

  const trusted = (request: IncomingMessage): boolean => {
    if (request.headers.host !== `127.0.0.1:${port}`) return false;
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return false;
    return sameSecret(cookieValue(request, cookieName), token);
  };

  server.on('request', (request, response) => {
    void handleRequest(request, response).catch(() => refuse(response, 500, 'internal error'));
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'method not allowed');
    if (url.searchParams.has('token') && request.headers.host === `127.0.0.1:${port}`) {
      if (!sameSecret(url.searchParams.get('token') ?? undefined, token))
        return refuse(response, 403, 'wrong token');
      const setCookie = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      // Opened from the private launch page (openBrowser.ts), the exchange is a navigation from a
      // file: page, so Chromium treats a redirect from it as cross-site and withholds the Strict
      // cookie from the next request. A page of our own that moves on to / starts a same-site
      // navigation instead, which carries it.
      const site = request.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'none' && site !== 'same-origin') {
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'set-cookie': setCookie,
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'",
          'referrer-policy': 'no-referrer',
        });
        return void response.end(
          '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>Mitate</title>',
        );
      }
      response.writeHead(303, {
        location: '/',
        'set-cookie': setCookie,
        'cache-control': 'no-store',
      });
      return void response.end();
    }
    if (!trusted(request))
      return refuse(response, 403, 'Open Mitate with the link printed by the dev host.');

    const instance = resolveInstanceFile(services.library, url.pathname);
    if (instance !== undefined) {
      // The screen lock withholds image bytes too, not only the study list (main/session).
      if ((await services.auth).lock.locked) return refuse(response, 423, 'locked');
      services.instanceServed(url.pathname);
      response.writeHead(200, {
        'content-type': 'application/dicom',
        'content-length': instance.size,
        'cache-control': 'no-store',
      });
      if (request.method === 'HEAD') return void response.end();
      createReadStream(instance.path)
        .on('error', () => response.destroy())
        .pipe(response);
      return;
    }
    const file =
      url.pathname === BRIDGE_PATH
        ? { path: options.bridgeFile, contentType: 'text/javascript; charset=utf-8' }
        : await resolveRendererFile(options.rendererDir, url.pathname);
    if (file === undefined) return refuse(response, 404, 'not found');
    const headers = {
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (file.contentType.startsWith('text/html')) {
      // The bridge must define window.mitate before the app's module script runs.
      const html = (await readFile(file.path, 'utf8')).replace(
        '<head>',
        `<head><script src="${BRIDGE_PATH}"></script>`,
      );
      response.writeHead(200, headers);
      return void response.end(html);
    }
    response.writeHead(200, headers);
    createReadStream(file.path)
      .on('error', () => response.destroy())
      .pipe(response);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Without these listeners a bad frame (too long, a reserved opcode, invalid UTF-8) or a reset
  // connection is an 'error' event nobody handles, which ends the whole process. A socket that
  // errs is closed; the host and its other sockets carry on.
  wss.on('error', () => undefined);
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path !== WS_PATH || !trusted(request) || request.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let message: ClientMessage;
        try {
          const parsed = ClientMessage.safeParse(decodeMessage(data.toString()));
          if (!parsed.success) return;
          message = parsed.data;
        } catch {
          return;
        }
        void dispatch(services.handlers, message.channel, message.request)
          .then((reply) => {
            if (ws.readyState === ws.OPEN)
              ws.send(encodeMessage({ type: 'reply', id: message.id, reply }));
          })
          .catch(() => ws.terminate());
      });
    });
  });

  return {
    url: origin,
    launchUrl: `${origin}/?token=${token}`,
    services,
    close: async () => {
      await services.pacs.dispose().catch(() => undefined);
      await session.stop(() => services.flush());
      for (const socket of sockets) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
