/**
 * The redirect listener of a native app's login (RFC 8252 §7.3): an HTTP server on the loopback
 * IP literal 127.0.0.1 (never "localhost", §8.3) on a port the OS picks, that takes exactly one
 * authorization response on `/callback` and then closes, so no later request can reach it.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRedirect {
  redirectUri: string;
  /** The full callback URL the browser was sent to (carries `code` and `state`, or `error`). */
  response: Promise<URL>;
  close(): void;
}

export class LoginCancelled extends Error {
  constructor() {
    super('login cancelled');
    this.name = 'LoginCancelled';
  }
}

// The browser tab shows this after the redirect; it names no user and no token.
const DONE_PAGE = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>Mitate</title>
<style>body{font-family:system-ui,sans-serif;background:#0b0d10;color:#e6e9ee;display:grid;place-items:center;height:100vh;margin:0}</style>
<main><p>ログイン処理を Mitate に戻しました。このタブを閉じてください。</p><p lang="en">Sign-in handed back to Mitate. You can close this tab.</p></main></html>`;

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    // No keep-alive: once closed, the listener must not answer on a reused connection either.
    connection: 'close',
  });
  res.end(body);
}

export async function openLoopbackRedirect(timeoutMs = 10 * 60_000): Promise<LoopbackRedirect> {
  let settle: { resolve(url: URL): void; reject(error: Error): void } | undefined;
  const response = new Promise<URL>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that cancels before awaiting must not leave an unhandled rejection behind.
  response.catch(() => undefined);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback' || settle === undefined) {
      answer(res, 404, '');
      return;
    }
    const done = settle;
    settle = undefined;
    res.once('finish', () => server.closeAllConnections());
    answer(res, 200, DONE_PAGE);
    close();
    done.resolve(new URL(`${redirectUri}${url.search}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const timer = setTimeout(() => close(), timeoutMs);
  timer.unref();

  function close(): void {
    clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
    if (settle !== undefined) {
      const pending = settle;
      settle = undefined;
      pending.reject(new LoginCancelled());
    }
  }
  return { redirectUri, response, close };
}
