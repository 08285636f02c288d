/**
 * multipart/related read as it arrives: the same delimiter rule as `parseMultipartRelated`
 * (a part ends right before "\r\n--boundary", RFC 2046 §5.1.1), but each part is handed on as
 * soon as the next delimiter is seen, so a WADO-RS study of gigabytes needs memory for one
 * instance only. Bounded: a part's headers and body each have a limit, and a body that stops
 * before the closing delimiter is an error, never a shorter last part.
 */
import { mediaTypeParameters, MultipartError, type Part } from './multipartRelated.js';

/** Headers of one part: a few lines (Content-Type, Content-Length, Content-Location). */
const MAX_HEADER_BYTES = 16 * 1024;

/** A growable byte buffer: chunks are copied in once, parts are cut off the front. */
class ByteQueue {
  private data = Buffer.allocUnsafe(1024 * 1024);
  length = 0;

  push(chunk: Uint8Array): void {
    if (this.length + chunk.byteLength > this.data.length) {
      const grown = Buffer.allocUnsafe(
        Math.max(this.data.length * 2, this.length + chunk.byteLength),
      );
      this.data.copy(grown, 0, 0, this.length);
      this.data = grown;
    }
    this.data.set(chunk, this.length);
    this.length += chunk.byteLength;
  }

  indexOf(needle: Buffer, from: number): number {
    const found = this.data.subarray(0, this.length).indexOf(needle, Math.max(0, from));
    return found;
  }

  at(index: number): number | undefined {
    return index < this.length ? this.data[index] : undefined;
  }

  /** A copy of [start, end): the part outlives the buffer's next reuse. */
  copy(start: number, end: number): Buffer {
    return Buffer.from(this.data.subarray(start, end));
  }

  text(start: number, end: number): string {
    return this.data.subarray(start, end).toString('latin1');
  }

  /** Drops the first `count` bytes. */
  drop(count: number): void {
    this.data.copy(this.data, 0, count, this.length);
    this.length -= count;
  }
}

export class PartTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`a multipart part is larger than ${limitBytes} bytes`);
    this.name = 'PartTooLargeError';
  }
}

/**
 * The parts of a multipart/related body, one at a time. Throws MultipartError when the body is
 * malformed or ends early, PartTooLargeError when one part passes `maxPartBytes`.
 */
export async function* multipartParts(
  body: AsyncIterable<Uint8Array>,
  contentType: string,
  maxPartBytes: number,
): AsyncGenerator<Part> {
  const boundary = mediaTypeParameters(contentType).parameters.get('boundary');
  if (boundary === undefined || boundary === '') throw new MultipartError('no-boundary');
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const headerEnd = Buffer.from('\r\n\r\n', 'latin1');
  const queue = new ByteQueue();
  // A CRLF in front lets the first delimiter sit at the very start of the body.
  queue.push(Buffer.from('\r\n', 'latin1'));
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' = 'preamble';
  let searchFrom = 0;
  let type = '';
  let bodyStart = 0;

  const step = function* (): Generator<Part, boolean> {
    for (;;) {
      if (state === 'preamble') {
        const found = queue.indexOf(delimiter, searchFrom);
        if (found < 0) {
          // The preamble is skipped, not kept: keep only what could start a delimiter.
          if (queue.length > delimiter.length) queue.drop(queue.length - delimiter.length);
          searchFrom = 0;
          return false;
        }
        queue.drop(found + delimiter.length);
        state = 'after-delimiter';
      }
      if (state === 'after-delimiter') {
        const first = queue.at(0);
        const second = queue.at(1);
        if (first === undefined || second === undefined) return false;
        if (first === 0x2d && second === 0x2d) return true; // closing "--"
        state = 'headers';
        searchFrom = 0;
      }
      if (state === 'headers') {
        const found = queue.indexOf(headerEnd, searchFrom);
        if (found < 0) {
          if (queue.length > MAX_HEADER_BYTES) throw new MultipartError('malformed');
          searchFrom = Math.max(0, queue.length - headerEnd.length + 1);
          return false;
        }
        const headers = queue.text(0, found);
        type = /(?:^|\r\n)content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? '';
        bodyStart = found + headerEnd.length;
        searchFrom = bodyStart;
        state = 'body';
      }
      const found = queue.indexOf(delimiter, searchFrom);
      if (found < 0) {
        if (queue.length - bodyStart > maxPartBytes) throw new PartTooLargeError(maxPartBytes);
        searchFrom = Math.max(bodyStart, queue.length - delimiter.length + 1);
        return false;
      }
      if (found - bodyStart > maxPartBytes) throw new PartTooLargeError(maxPartBytes);
      const part = { contentType: type, body: queue.copy(bodyStart, found) };
      queue.drop(found + delimiter.length);
      state = 'after-delimiter';
      searchFrom = 0;
      yield part;
    }
  };

  for await (const chunk of body) {
    queue.push(chunk);
    const closed = yield* step();
    if (closed) return;
  }
  // The body ended: only a closing delimiter makes it a whole one.
  throw new MultipartError('malformed');
}
