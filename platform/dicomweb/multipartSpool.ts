import { randomUUID } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHeaders } from './multipartRelated.js';

/**
 * Reads a multipart/related body (RFC 2046 §5.1.1) as it arrives and writes each part's body to
 * its own file, so a STOW-RS request of hundreds of megabytes costs the platform a few chunks of
 * memory, not its size. Only the bytes that could still begin a delimiter are held back between
 * chunks; a part's header block is capped. The framing is as strict as `parseMultipart`'s.
 */
export interface SpooledPart {
  headers: Map<string, string>;
  file: string;
  size: number;
}

export class MultipartError extends Error {
  constructor(readonly problem: 'malformed' | 'too_large' | 'too_many_parts') {
    super(`multipart body refused: ${problem}`);
    this.name = 'MultipartError';
  }
}

export interface SpoolOptions {
  /** Where the parts' files go (the caller removes it). */
  folder: string;
  maxBytes: number;
  maxParts?: number;
  maxHeaderBytes?: number;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
/** Transport padding allowed after a delimiter, before its CRLF (RFC 2046 allows whitespace). */
const MAX_PADDING = 1024;

export async function spoolMultipart(
  source: AsyncIterable<Buffer>,
  boundary: string,
  options: SpoolOptions,
): Promise<SpooledPart[]> {
  if (boundary.length === 0 || boundary.length > 70) throw new MultipartError('malformed');
  const maxParts = options.maxParts ?? 10_000;
  const maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: SpooledPart[] = [];
  let state = 'preamble' as 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  const finished = (): boolean => state === 'done';
  let pending: Buffer = Buffer.alloc(0);
  let received = 0;
  let current: { handle: FileHandle; part: SpooledPart } | undefined;

  const write = async (bytes: Buffer): Promise<void> => {
    if (bytes.length === 0 || current === undefined) return;
    await current.handle.write(bytes);
    current.part.size += bytes.length;
  };

  try {
    for await (const chunk of source) {
      received += chunk.length;
      if (received > options.maxBytes) throw new MultipartError('too_large');
      if (state === 'done') continue; // the epilogue is ignored (RFC 2046)
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (let progressed = true; progressed && !finished(); ) {
        progressed = false;
        if (state === 'preamble') {
          // The first delimiter may open the body or follow a preamble line.
          const at = pending.indexOf(first);
          if (at < 0) {
            pending = pending.subarray(Math.max(0, pending.length - first.length + 1));
          } else {
            pending = pending.subarray(at + first.length);
            state = 'after-delimiter';
            progressed = true;
          }
        } else if (state === 'after-delimiter') {
          if (pending.length < 2) break;
          if (pending[0] === 0x2d && pending[1] === 0x2d) {
            state = 'done';
            break;
          }
          const lineEnd = pending.indexOf(CRLF);
          if (lineEnd < 0) {
            if (pending.length > MAX_PADDING) throw new MultipartError('malformed');
            break;
          }
          if (pending.subarray(0, lineEnd).some((byte) => byte !== 0x20 && byte !== 0x09))
            throw new MultipartError('malformed');
          pending = pending.subarray(lineEnd + 2);
          state = 'headers';
          progressed = true;
        } else if (state === 'headers') {
          let headers: Map<string, string>;
          if (pending.length >= 2 && pending[0] === 0x0d && pending[1] === 0x0a) {
            headers = new Map();
            pending = pending.subarray(2);
          } else {
            const end = pending.indexOf(HEADER_END);
            if (end < 0) {
              if (pending.length > maxHeaderBytes) throw new MultipartError('malformed');
              break;
            }
            if (end > maxHeaderBytes) throw new MultipartError('malformed');
            try {
              headers = parseHeaders(pending.subarray(0, end).toString('latin1'));
            } catch {
              throw new MultipartError('malformed');
            }
            pending = pending.subarray(end + 4);
          }
          if (parts.length >= maxParts) throw new MultipartError('too_many_parts');
          const part: SpooledPart = { headers, file: join(options.folder, randomUUID()), size: 0 };
          current = { handle: await open(part.file, 'wx', 0o600), part };
          parts.push(part);
          state = 'body';
          progressed = true;
        } else if (state === 'body') {
          const at = pending.indexOf(delimiter);
          if (at < 0) {
            // Keep only what could be the start of a delimiter split across chunks.
            const keep = Math.min(pending.length, delimiter.length - 1);
            await write(pending.subarray(0, pending.length - keep));
            pending = Buffer.from(pending.subarray(pending.length - keep));
            break;
          }
          await write(pending.subarray(0, at));
          await current?.handle.close();
          current = undefined;
          pending = pending.subarray(at + delimiter.length);
          state = 'after-delimiter';
          progressed = true;
        }
      }
      // A copy, so the chunk the stream handed us is not kept alive by a small view into it.
      if (state !== 'body') pending = Buffer.from(pending);
    }
    if (state !== 'done') throw new MultipartError('malformed');
    return parts;
  } finally {
    await current?.handle.close().catch(() => undefined);
  }
}
