/**
 * A fetch whose answers are read with a limit (boundedBody.ts), for libraries that do their own
 * requests (openid-client takes it as its custom fetch): the body is read here, within the limit,
 * and handed on as a new Response with the same status and headers.
 */
import { readBoundedBody, type ResponseKind } from './boundedBody.js';

/** Statuses whose Response may not carry a body (Fetch standard "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function boundedFetch(
  limitBytes: number,
  kind: ResponseKind,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const response = await fetch(url, init);
    const body = await readBoundedBody(response, limitBytes, kind);
    return new Response(NULL_BODY.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
