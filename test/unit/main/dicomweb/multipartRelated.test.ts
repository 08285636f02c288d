// multipart/related (RFC 2387, RFC 2046 §5.1.1) as the client builds and parses it: real DICOM
// bodies containing the delimiter's own characters, preamble and padding, quoted boundaries,
// and broken bodies that must be refused rather than half-read.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildMultipartRelated,
  mediaTypeParameters,
  MultipartError,
  parseMultipartRelated,
} from '../../../../main/dicomweb/multipartRelated.js';
import { testData } from '../../../support/paths.js';

const contentType = (boundary: string): string =>
  `multipart/related; type="application/dicom"; boundary="${boundary}"`;

describe('multipart/related', () => {
  it('round-trips real DICOM files byte for byte', async () => {
    const folder = testData('mr-head-t1-siemens-xa30-classic');
    const files = await Promise.all(
      (await readdir(folder))
        .sort()
        .slice(0, 5)
        .map((name) => readFile(join(folder, name))),
    );
    const boundary = 'b-1234';
    const { chunks, length } = buildMultipartRelated(
      boundary,
      files.map((body) => ({ contentType: 'application/dicom', body })),
    );
    const body = Buffer.concat(chunks);
    expect(body.length).toBe(length);
    const parts = parseMultipartRelated(body, contentType(boundary));
    expect(parts.map((part) => part.contentType)).toEqual(files.map(() => 'application/dicom'));
    parts.forEach((part, index) => expect(Buffer.from(part.body).equals(files[index]!)).toBe(true));
  });

  it('keeps bodies that contain "--" and the boundary text without its CRLF, and skips a preamble', () => {
    const tricky = Buffer.from('--xyz not a delimiter\n--xyz\r\n-- still data');
    const body = Buffer.concat([
      Buffer.from('preamble to ignore\r\n--xyz\r\nContent-Type: application/dicom\r\n\r\n'),
      tricky,
      Buffer.from('\r\n--xyz--\r\nepilogue'),
    ]);
    const parts = parseMultipartRelated(body, 'multipart/related; boundary=xyz');
    expect(parts.length).toBe(1);
    expect(Buffer.from(parts[0]!.body).equals(tricky)).toBe(true);
  });

  it('reads quoted parameters and refuses bodies without a boundary or cut off', () => {
    expect(
      mediaTypeParameters('Multipart/Related; type="application/dicom"; boundary="a b"'),
    ).toEqual({
      type: 'multipart/related',
      parameters: new Map([
        ['type', 'application/dicom'],
        ['boundary', 'a b'],
      ]),
    });
    expect(() => parseMultipartRelated(Buffer.from('x'), 'multipart/related')).toThrow(
      MultipartError,
    );
    const { chunks } = buildMultipartRelated('cut', [
      { contentType: 'application/dicom', body: Buffer.alloc(100, 7) },
    ]);
    const whole = Buffer.concat(chunks);
    expect(() =>
      parseMultipartRelated(whole.subarray(0, whole.length - 20), contentType('cut')),
    ).toThrow(MultipartError);
  });
});
