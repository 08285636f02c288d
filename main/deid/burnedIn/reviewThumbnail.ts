/**
 * A small picture of an image as it will be sent (masks applied), for the doctor to look at in
 * the send preview before anything leaves: at most 256 pixels a side, RGB, PNG-encoded here
 * (zlib and a CRC, no image library in the main process).
 */
import { deflateSync } from 'node:zlib';
import type { ImagePixelModule } from '../imagePixelModule.js';
import { framePlanes } from './framePlanes.js';

export interface ReviewThumbnail {
  width: number;
  height: number;
  /** Scale from image pixels to thumbnail pixels (masks are drawn over it in image coordinates). */
  scale: number;
  png: Uint8Array;
}

const SIDE = 256;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method, no interlace
  const raw = new Uint8Array((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function reviewThumbnail(frame: Uint8Array, image: ImagePixelModule): ReviewThumbnail {
  const { planes, width, height } = framePlanes(frame, image);
  const scale = Math.min(1, SIDE / Math.max(width, height));
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const rgb = new Uint8Array(outWidth * outHeight * 3);
  const inverted = image.photometricInterpretation === 'MONOCHROME1';
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.min(height - 1, Math.floor(y / scale));
    for (let x = 0; x < outWidth; x++) {
      const sx = Math.min(width - 1, Math.floor(x / scale));
      for (let c = 0; c < 3; c++) {
        const value = planes[Math.min(c, planes.length - 1)]![sy * width + sx]!;
        rgb[(y * outWidth + x) * 3 + c] = inverted ? 255 - value : value;
      }
    }
  }
  return { width: outWidth, height: outHeight, scale, png: encodePng(rgb, outWidth, outHeight) };
}
