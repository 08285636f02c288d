/**
 * POSTs a body given as a list of buffers with node:http(s), writing them as they are (one
 * writev, no copy into a single buffer): STOW-RS bodies are tens of megabytes, and fetch would
 * need them joined first. Answers as a WHATWG Response, so the client reads every answer alike.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

export async function postChunks(
  url: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[],
  length: number,
  signal: AbortSignal,
): Promise<Response> {
  const target = new URL(url);
  // Loaded on the first upload: node:http and node:https cost more start-up than the rest of
  // `mitate deid`, which imports this module through the library without ever sending.
  const { request: send } =
    target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const answer = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(length) }, signal },
      resolve,
    );
    request.once('error', reject);
    request.cork();
    for (const chunk of chunks) request.write(chunk);
    request.uncork();
    request.end();
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) responseHeaders.append(name, one);
  }
  const status = answer.statusCode ?? 502;
  // The answer is handed on as a stream, unread: the client reads it with its limit
  // (main/net), so a server that never stops talking cannot fill the memory here.
  // Response refuses a body on 204/304; STOW-RS never answers those, but stay safe.
  if (status === 204 || status === 304) answer.resume();
  const body =
    status === 204 || status === 304
      ? null
      : (Readable.toWeb(answer) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status,
    headers: responseHeaders,
  });
}
