/**
 * A real HTTP proxy in front of the platform for the privacy and fault tests. It records every
 * byte the app sends (request lines, headers, bodies, WebSocket traffic) before forwarding, and
 * can answer STOW-RS requests with 503 for a while (a "503 storm") without forwarding them.
 */
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';

export interface RecordingProxy {
  url: string;
  /** Everything the app sent, in order. */
  received(): Buffer;
  /** STOW-RS requests answered 503 / forwarded, and instances (parts) in the forwarded ones. */
  stats: { refused: number; forwardedStow: number; forwardedParts: number };
  /** While true, every STOW-RS POST is answered 503 and not forwarded. */
  storm: boolean;
  /** While true, WebSocket upgrades are refused (a proxy that blocks them). */
  refuseUpgrades: boolean;
  /** Upgrades forwarded, and GET requests per path. */
  upgrades: number;
  upgradesRefused: number;
  gets: Map<string, number>;
  close(): Promise<void>;
}

function head(req: IncomingMessage): Buffer {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let index = 0; index < req.rawHeaders.length; index += 2)
    lines.push(`${req.rawHeaders[index]}: ${req.rawHeaders[index + 1]}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const chunks: Buffer[] = [];
  const stats = { refused: 0, forwardedStow: 0, forwardedParts: 0 };
  const proxy: RecordingProxy = {
    url: '',
    received: () => Buffer.concat(chunks),
    stats,
    storm: false,
    refuseUpgrades: false,
    upgrades: 0,
    upgradesRefused: 0,
    gets: new Map(),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(body);
      chunks.push(head(req), bytes);
      if (req.method === 'GET') {
        const path = new URL(req.url ?? '/', 'http://proxy.invalid').pathname;
        proxy.gets.set(path, (proxy.gets.get(path) ?? 0) + 1);
      }
      const isStow =
        req.method === 'POST' &&
        /\/studies(\/[\d.]+)?$/.test(new URL(req.url ?? '/', 'http://proxy.invalid').pathname);
      if (isStow && proxy.storm) {
        stats.refused++;
        res.writeHead(503, { 'retry-after': '0', 'content-length': '0' });
        res.end();
        return;
      }
      if (isStow) {
        stats.forwardedStow++;
        stats.forwardedParts +=
          bytes.toString('latin1').match(/\r\nContent-Type: application\/dicom\r\n/gi)?.length ?? 0;
      }
      const headers = { ...req.headers, host: upstream.host };
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.destroy();
      });
      forward.end(bytes);
    });
  });
  // WebSocket (the UPS event channel): a raw TCP pipe after the upgrade request, recorded too.
  server.on('upgrade', (req, socket, rest: Buffer) => {
    chunks.push(head(req), rest);
    if (proxy.refuseUpgrades) {
      proxy.upgradesRefused++;
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    proxy.upgrades++;
    const pipe = connect(Number(upstream.port), upstream.hostname, () => {
      pipe.write(head(req));
      pipe.write(rest);
      socket.on('data', (data: Buffer) => chunks.push(Buffer.from(data)));
      socket.pipe(pipe);
      pipe.pipe(socket);
    });
    pipe.on('error', () => socket.destroy());
    socket.on('error', () => pipe.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
