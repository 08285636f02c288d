/**
 * A GET whose answer is read as node:http hands it over (Buffers from the socket), for the
 * streamed WADO-RS retrieve: a study of hundreds of megabytes passes through fetch's web
 * streams at about half the speed the socket delivers it. Network failures reject like fetch's.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export function getStream(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = send(target, { method: 'GET', headers, signal }, resolve);
    request.once('error', reject);
    request.end();
  });
}
