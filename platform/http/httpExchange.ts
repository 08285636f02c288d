import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as a route sees it: the raw Node objects plus the parsed URL. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}

/** A route answers the request and returns true, or returns false to let the next one try. */
export type Route = (exchange: Exchange) => Promise<boolean>;

/** An HTTP error that becomes a small JSON problem answer (RFC 9457), never a crash. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendDicomJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, { ...headers, 'content-type': 'application/dicom+json' });
}

export function sendProblem(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(
    res,
    error.status,
    { type: 'about:blank', status: error.status, title: error.code },
    { ...error.headers, 'content-type': 'application/problem+json' },
  );
}

/**
 * Reads a request body into memory, refusing more than `limit` bytes with 413 (bounded sizes:
 * a client cannot exhaust the server's memory with one request).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new HttpError(413, 'payload_too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'payload_too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Parses a JSON body; a body that is not JSON is a 400, not an exception. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}

/** Parses an application/x-www-form-urlencoded body (the interaction pages' forms). */
export async function readForm(req: IncomingMessage, limit: number): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, limit)).toString('utf8'));
}
