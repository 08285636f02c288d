/**
 * A hostile AI platform for attack tests: a real node:http server on loopback whose answers the
 * test writes, including a body that never ends (it stops only when the client hangs up, and
 * says how many bytes it managed to send).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostilePlatform {
  url: string;
  /** Bytes sent by every endless body so far; it stops growing once the client aborts. */
  endlessBytesSent(): number;
  close(): Promise<void>;
}

export type HostileHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  endless: (contentType: string) => void,
) => void;

export async function startHostilePlatform(handler: HostileHandler): Promise<HostilePlatform> {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x5b);
  const server = createServer((request, response) => {
    const endless = (contentType: string): void => {
      response.writeHead(200, { 'content-type': contentType });
      let open = true;
      response.once('close', () => {
        open = false;
      });
      const pump = (): void => {
        while (open) {
          sent += chunk.length;
          if (!response.write(chunk)) break;
        }
        if (open) response.once('drain', pump);
      };
      pump();
    };
    handler(request, response, endless);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    endlessBytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
