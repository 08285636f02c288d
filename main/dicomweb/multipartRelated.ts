/**
 * multipart/related bodies (RFC 2387) as DICOMweb uses them for STOW-RS requests and WADO-RS
 * responses (PS3.18 §8.6.1.2, §10.4.1.1). Small on purpose: the npm multipart libraries parse
 * multipart/form-data for servers (busboy, formidable) and none builds or parses
 * multipart/related on the client side, so the app keeps its own, tested against Orthanc and
 * our platform. Parts are opaque bytes; only Content-Type is read from their headers.
 */
import { randomBytes } from 'node:crypto';

export interface Part {
  contentType: string;
  body: Uint8Array;
}

export function newBoundary(): string {
  return `mitate-${randomBytes(16).toString('hex')}`;
}

/** The body as a list of buffers (no copy of the instances), and its total length. */
export function buildMultipartRelated(
  boundary: string,
  parts: readonly Part[],
): { chunks: Buffer[]; length: number } {
  const chunks: Buffer[] = [];
  let length = 0;
  const push = (chunk: Buffer): void => {
    chunks.push(chunk);
    length += chunk.length;
  };
  for (const part of parts) {
    push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Length: ${part.body.byteLength}\r\n\r\n`,
        'latin1',
      ),
    );
    push(Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength));
    push(Buffer.from('\r\n', 'latin1'));
  }
  push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { chunks, length };
}

/** `multipart/related; type="application/dicom"; boundary=…` -> its parameters (RFC 2045 §5.1). */
export function mediaTypeParameters(header: string): {
  type: string;
  parameters: Map<string, string>;
} {
  const [type = '', ...rest] = header.split(';');
  const parameters = new Map<string, string>();
  for (const item of rest) {
    const index = item.indexOf('=');
    if (index < 0) continue;
    let value = item.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    parameters.set(item.slice(0, index).trim().toLowerCase(), value);
  }
  return { type: type.trim().toLowerCase(), parameters };
}

export class MultipartError extends Error {
  constructor(readonly reason: 'no-boundary' | 'malformed') {
    super(`multipart/related: ${reason}`);
    this.name = 'MultipartError';
  }
}

/**
 * Splits a multipart/related body into its parts. Delimiters are "\r\n--boundary" (RFC 2046
 * §5.1.1); the body of a part ends right before the next delimiter, so binary DICOM that happens
 * to contain "--" is safe. Preamble and epilogue are ignored.
 */
export function parseMultipartRelated(body: Uint8Array, contentType: string): Part[] {
  const boundary = mediaTypeParameters(contentType).parameters.get('boundary');
  if (boundary === undefined || boundary === '') throw new MultipartError('no-boundary');
  const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  // The first delimiter may sit at the very start, without the CRLF before it.
  let position = data.subarray(0, delimiter.length - 2).equals(delimiter.subarray(2))
    ? 0
    : data.indexOf(delimiter);
  if (position < 0) throw new MultipartError('malformed');
  position += position === 0 && data[0] === 0x2d ? delimiter.length - 2 : delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    if (data[position] === 0x2d && data[position + 1] === 0x2d) return parts; // closing "--"
    const headerEnd = data.indexOf('\r\n\r\n', position, 'latin1');
    if (headerEnd < 0) throw new MultipartError('malformed');
    const headers = data.subarray(position, headerEnd).toString('latin1');
    const next = data.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw new MultipartError('malformed');
    const type = /(?:^|\r\n)content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? '';
    parts.push({ contentType: type, body: data.subarray(headerEnd + 4, next) });
    position = next + delimiter.length;
  }
}
