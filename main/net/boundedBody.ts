/**
 * Reading an answer from the platform with a limit: every byte from the network is untrusted,
 * and a hostile or broken server may send an endless body. The body is read chunk by chunk and
 * the request is cancelled as soon as it passes the limit (or at once, when Content-Length
 * already says so), so memory stays bounded and the app carries on.
 */

/** What was being downloaded; the error says which limit was passed. */
export type ResponseKind = 'results' | 'catalog' | 'json' | 'login';

/** The platform sent more than the limit for this kind of answer. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly kind: ResponseKind,
    readonly limitBytes: number,
  ) {
    super(`the platform's ${kind} answer is larger than ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** True when `error`, or an error it wraps (`cause`), is a ResponseTooLargeError. */
export function isResponseTooLarge(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof ResponseTooLargeError) return true;
    current = current.cause;
  }
  return false;
}

/** The whole body of `response`, or ResponseTooLargeError once it passes `limitBytes`. */
export async function readBoundedBody(
  response: Response,
  limitBytes: number,
  kind: ResponseKind,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(kind, limitBytes);
  }
  if (response.body === null) return new Uint8Array(new ArrayBuffer(0));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limitBytes) {
      // Cancelling the stream aborts the request: nothing more is read from the socket.
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(kind, limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

/** The body as UTF-8 text, with the same limit. */
export async function readBoundedText(
  response: Response,
  limitBytes: number,
  kind: ResponseKind,
): Promise<string> {
  return new TextDecoder().decode(await readBoundedBody(response, limitBytes, kind));
}
