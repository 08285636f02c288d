import { describe, expect, it } from 'vitest';
import { buildMultipart, parseMediaType, parseMultipart } from '../../dicomweb/multipartRelated.js';

describe('multipart/related framing (RFC 2046 §5.1.1)', () => {
  it('reads back parts whose bytes contain CRLF, dashes and near-boundaries', () => {
    const tricky = Buffer.concat([
      Buffer.from('\r\n--b0undary\r\n\r\n--'),
      Buffer.from([0, 255, 13, 10, 45, 45]),
    ]);
    const body = buildMultipart('b0undary-x', [
      { contentType: 'application/dicom', body: tricky },
      { contentType: 'application/dicom', body: Buffer.alloc(0) },
    ]);
    const parts = parseMultipart(body, 'b0undary-x');
    expect(parts).toHaveLength(2);
    expect(Buffer.compare(parts[0]!.body, tricky)).toBe(0);
    expect(parts[0]!.headers.get('content-type')).toBe('application/dicom');
    expect(parts[1]!.body.length).toBe(0);
  });

  it('ignores a preamble, accepts a part without headers, and refuses broken framing', () => {
    const parts = parseMultipart(Buffer.from('preamble\r\n--q\r\n\r\nhello\r\n--q--\r\n'), 'q');
    expect(parts.map((part) => part.body.toString())).toEqual(['hello']);
    expect(() =>
      parseMultipart(Buffer.from('--q\r\nContent-Type: a/b\r\n\r\nno end'), 'q'),
    ).toThrow();
    expect(() => parseMultipart(Buffer.from('no boundary here'), 'q')).toThrow();
    expect(() =>
      parseMultipart(Buffer.from('--q\r\nbroken header\r\n\r\nx\r\n--q--'), 'q'),
    ).toThrow();
  });

  it('parses quoted media type parameters', () => {
    const media = parseMediaType(
      'Multipart/Related; type="application/dicom"; boundary="a b\\"c"',
    )!;
    expect(media.type).toBe('multipart/related');
    expect(media.parameters.get('type')).toBe('application/dicom');
    expect(media.parameters.get('boundary')).toBe('a b"c');
    expect(parseMediaType('not a type')).toBeUndefined();
  });
});
