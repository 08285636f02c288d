/**
 * Decodes encapsulated pixel data (PS3.5 A.4) to native frames, only when pixels must be masked:
 * RLE (PS3.5 G, decoded here), JPEG lossless (process 14, cornerstone's JavaScript decoder),
 * JPEG baseline (libjpeg-turbo), JPEG-LS (CharLS) and JPEG 2000 (OpenJPEG) through cornerstone's
 * WebAssembly codecs, which run in Node as they do in the viewer.
 */
import { createRequire } from 'node:module';
import type { DataElement } from '../dicom/index.js';
import type { ImagePixelModule } from './imagePixelModule.js';

export class PixelDecodeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PixelDecodeError';
  }
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
}
type DecoderName = 'JPEGDecoder' | 'J2KDecoder' | 'JpegLSDecoder';

const require = createRequire(import.meta.url);
const decoders = new Map<string, Promise<WasmDecoder>>();

function wasmDecoder(module: string, name: DecoderName): Promise<WasmDecoder> {
  let decoder = decoders.get(module);
  if (decoder === undefined) {
    const factory = require(module) as
      | ((options?: object) => Promise<Record<string, new () => WasmDecoder>>)
      | { default: (options?: object) => Promise<Record<string, new () => WasmDecoder>> };
    const create = typeof factory === 'function' ? factory : factory.default;
    decoder = create().then((instance) => new instance[name]!());
    decoders.set(module, decoder);
  }
  return decoder;
}

const CODECS: Record<string, { module: string; name: DecoderName }> = {
  '1.2.840.10008.1.2.4.50': {
    module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
    name: 'JPEGDecoder',
  },
  '1.2.840.10008.1.2.4.80': {
    module: '@cornerstonejs/codec-charls/decodewasmjs',
    name: 'JpegLSDecoder',
  },
  '1.2.840.10008.1.2.4.81': {
    module: '@cornerstonejs/codec-charls/decodewasmjs',
    name: 'JpegLSDecoder',
  },
  '1.2.840.10008.1.2.4.90': {
    module: '@cornerstonejs/codec-openjpeg/decodewasmjs',
    name: 'J2KDecoder',
  },
  '1.2.840.10008.1.2.4.91': {
    module: '@cornerstonejs/codec-openjpeg/decodewasmjs',
    name: 'J2KDecoder',
  },
};
const RLE = '1.2.840.10008.1.2.5';
/** JPEG Lossless, Non-Hierarchical (Process 14) and its Selection Value 1 form (PS3.5 A.4.1). */
const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);
/**
 * Rows, Columns, Bits Allocated and Number of Frames are the file's word: decoded frames are
 * allocated from them, so an image claiming more than this is refused before any allocation.
 */
const MAX_DECODED_BYTES = 1024 * 1024 * 1024;

/** The compressed bytes of each frame (PS3.5 A.4: offset table, or one fragment per frame, or one frame in all fragments). */
export function frameBytes(pixel: DataElement, frames: number): Uint8Array[] {
  const fragments = pixel.fragments ?? [];
  const [table, ...data] = fragments;
  const slice = (range: { start: number; end: number }): Uint8Array =>
    pixel.bytes.subarray(range.start, range.end);
  if (table === undefined) return [];
  if (frames === 1) return [Buffer.concat(data.map(slice))];
  if (table.end > table.start) {
    const view = new DataView(
      pixel.bytes.buffer,
      pixel.bytes.byteOffset + table.start,
      table.end - table.start,
    );
    const offsets: number[] = [];
    for (let index = 0; index < view.byteLength; index += 4)
      offsets.push(view.getUint32(index, true));
    const firstStart = data[0]?.start ?? 0;
    return offsets.map((offset, frame) => {
      const next = offsets[frame + 1];
      // Offsets count from the first fragment's item tag (PS3.5 A.4, Basic Offset Table).
      const parts = data.filter(
        (fragment) =>
          fragment.start - firstStart >= offset &&
          (next === undefined || fragment.start - firstStart < next),
      );
      return Buffer.concat(parts.map(slice));
    });
  }
  if (data.length === frames) return data.map(slice);
  throw new PixelDecodeError('cannot split fragments into frames');
}

/** PS3.5 Annex G: a header of 16 segment offsets, each segment PackBits-coded, one per byte plane. */
export function decodeRleFrame(frame: Uint8Array, image: ImagePixelModule): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  const bytesPerSample = image.bitsAllocated / 8;
  const pixels = image.rows * image.columns;
  if (segments !== bytesPerSample * image.samplesPerPixel)
    throw new PixelDecodeError('RLE segment count');
  const out = new Uint8Array(pixels * segments);
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint32(4 + segment * 4, true);
    const end = segment + 1 < segments ? view.getUint32(8 + segment * 4, true) : frame.length;
    const sample = Math.floor(segment / bytesPerSample);
    // Segments run from the most significant byte; the output is little endian, pixel-interleaved.
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
    let position = start;
    let pixel = 0;
    const put = (value: number): void => {
      if (pixel < pixels)
        out[(pixel * image.samplesPerPixel + sample) * bytesPerSample + byteInSample] = value;
      pixel++;
    };
    while (position < end && pixel < pixels) {
      const control = (frame[position++]! << 24) >> 24;
      if (control >= 0) {
        for (let index = 0; index <= control; index++) put(frame[position++]!);
      } else if (control !== -128) {
        const value = frame[position++]!;
        for (let index = 0; index < 1 - control; index++) put(value);
      }
    }
  }
  return out;
}

export interface DecodedFrames {
  frames: Uint8Array[];
  /** The image as decoded: colour images come out pixel-interleaved RGB. */
  image: ImagePixelModule;
}

export async function decodeFrames(
  transferSyntaxUid: string,
  pixel: DataElement,
  image: ImagePixelModule,
): Promise<DecodedFrames> {
  const size = image.rows * image.columns * image.samplesPerPixel * (image.bitsAllocated / 8);
  if (size * image.frames > MAX_DECODED_BYTES)
    throw new PixelDecodeError('declared image larger than the decoding ceiling');
  const decoded = await decodeAll(transferSyntaxUid, pixel, image);
  // A decoder that returns another size than the header promises would write a broken image.
  if (
    decoded.frames.length !== image.frames ||
    decoded.frames.some((frame) => frame.length !== size)
  )
    throw new PixelDecodeError('decoded size differs from the header');
  return decoded;
}

async function decodeAll(
  transferSyntaxUid: string,
  pixel: DataElement,
  image: ImagePixelModule,
): Promise<DecodedFrames> {
  const compressed = frameBytes(pixel, image.frames);
  if (transferSyntaxUid === RLE) {
    const photometricInterpretation =
      image.photometricInterpretation === 'YBR_FULL' ? 'YBR_FULL' : image.photometricInterpretation;
    return {
      frames: compressed.map((frame) => decodeRleFrame(frame, image)),
      image: { ...image, planarConfiguration: 0, photometricInterpretation },
    };
  }
  if (JPEG_LOSSLESS.has(transferSyntaxUid)) {
    const bytesPerSample = image.bitsAllocated <= 8 ? 1 : 2;
    // Loaded when first needed, like the WebAssembly codecs: `mitate deid` starts without it.
    const { Decoder: JpegLosslessDecoder } = await import(
      '@cornerstonejs/jpeg-lossless-decoder-js'
    );
    const frames = compressed.map((frame) => {
      const copy = new Uint8Array(frame);
      const decoded = new JpegLosslessDecoder().decode(copy.buffer, 0, copy.length, bytesPerSample);
      return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
    });
    return { frames, image: { ...image, planarConfiguration: 0 } };
  }
  const codec = CODECS[transferSyntaxUid];
  if (codec === undefined) throw new PixelDecodeError('no decoder for this transfer syntax');
  const decoder = await wasmDecoder(codec.module, codec.name);
  const frames: Uint8Array[] = [];
  for (const bytes of compressed) {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    frames.push(new Uint8Array(decoder.getDecodedBuffer()));
  }
  // libjpeg-turbo converts YBR to RGB; OpenJPEG applies the irreversible/reversible colour transform.
  const colour = image.samplesPerPixel === 3;
  return {
    frames,
    image: {
      ...image,
      planarConfiguration: 0,
      photometricInterpretation: colour ? 'RGB' : image.photometricInterpretation,
    },
  };
}
