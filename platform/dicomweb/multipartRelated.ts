import { randomBytes } from 'node:crypto';

/**
 * multipart/related bodies (RFC 2387, framed as RFC 2046 §5.1.1), as STOW-RS requests and
 * WADO-RS responses use them (PS3.18 §8.6.1.2). Small and strict: a body that does not follow
 * the framing is refused, never guessed at.
 */
export interface MediaType {
  type: string;
  parameters: Map<string, string>;
}

export interface BodyPart {
  headers: Map<string, string>;
  body: Buffer;
}

/** Parses a Content-Type value such as `multipart/related; type="application/dicom"; boundary=x`. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (value === undefined) return undefined;
  const [head, ...rest] = value.split(';');
  const type = head?.trim().toLowerCase();
  if (!type || !/^[\w.+-]+\/[\w.+-]+$/.test(type)) return undefined;
  const parameters = new Map<string, string>();
  for (const parameter of rest) {
    const index = parameter.indexOf('=');
    if (index < 0) continue;
    const name = parameter.slice(0, index).trim().toLowerCase();
    let text = parameter.slice(index + 1).trim();
    if (text.startsWith('"') && text.endsWith('"') && text.length >= 2)
      text = text.slice(1, -1).replace(/\\(.)/g, '$1');
    parameters.set(name, text);
  }
  return { type, parameters };
}

const CRLF = Buffer.from('\r\n');

export function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    const index = line.indexOf(':');
    if (index <= 0) throw new Error('malformed part header');
    headers.set(line.slice(0, index).trim().toLowerCase(), line.slice(index + 1).trim());
  }
  return headers;
}

/**
 * Splits a multipart body into its parts. Parts are views into `body` (no copies). At most
 * `maxParts` parts are read.
 */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 10_000): BodyPart[] {
  if (boundary.length === 0 || boundary.length > 70) throw new Error('bad boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: BodyPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) throw new Error('no boundary in body');
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
    const lineEnd = body.indexOf(CRLF, afterDelimiter);
    if (lineEnd < 0) throw new Error('truncated multipart body');
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), lineEnd);
    if (next < 0) throw new Error('missing closing boundary');
    const part = body.subarray(lineEnd + 2, next);
    let headerBlock = '';
    let bodyStart = 2;
    if (!part.subarray(0, 2).equals(CRLF)) {
      const headerEnd = part.indexOf('\r\n\r\n');
      if (headerEnd < 0) throw new Error('part without header terminator');
      headerBlock = part.subarray(0, headerEnd).toString('latin1');
      bodyStart = headerEnd + 4;
    }
    parts.push({ headers: parseHeaders(headerBlock), body: part.subarray(bodyStart) });
    if (parts.length > maxParts) throw new Error('too many parts');
    start = next + 2;
  }
}

export function newBoundary(): string {
  return `mitate-${randomBytes(16).toString('hex')}`;
}

/** The framing around each part, for streaming a multipart answer without building it whole. */
export function partHeader(
  boundary: string,
  contentType: string,
  extra: Record<string, string> = {},
): Buffer {
  const lines = [
    `--${boundary}`,
    `Content-Type: ${contentType}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

export function closingDelimiter(boundary: string): Buffer {
  return Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
}

/** A whole multipart body (tests, the benchmark, and small answers). */
export function buildMultipart(
  boundary: string,
  parts: { contentType: string; body: Uint8Array }[],
): Buffer<ArrayBuffer> {
  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    if (index > 0) chunks.push(CRLF);
    chunks.push(
      partHeader(boundary, part.contentType),
      Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength),
    );
  });
  chunks.push(closingDelimiter(boundary));
  return Buffer.concat(chunks);
}
