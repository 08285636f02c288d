/**
 * The frames of an instance as native pixels, for the text detector: a view of each frame of
 * native pixel data, or the decoded frames of encapsulated pixel data (the same decoders the
 * masking uses, so the detector sees what would be written).
 */
import { findElement, valueOf, type DicomFile } from '../../dicom/index.js';
import { decodeFrames, PixelDecodeError, type DecodedFrames } from '../decodeFrames.js';
import { imagePixelModule } from '../imagePixelModule.js';

export async function nativeFrames(file: DicomFile): Promise<DecodedFrames> {
  const pixel = findElement(file.body, 0x7fe00010);
  if (pixel === undefined) throw new PixelDecodeError('no pixel data');
  const image = imagePixelModule(file.body);
  if (image.bitsAllocated !== 8 && image.bitsAllocated !== 16)
    throw new PixelDecodeError('bits allocated the detector does not read');
  if (pixel.fragments !== undefined) return decodeFrames(file.transferSyntaxUid, pixel, image);
  if (
    image.photometricInterpretation.startsWith('YBR_') &&
    image.photometricInterpretation.endsWith('_422')
  )
    throw new PixelDecodeError('subsampled native colour');
  const bytes = valueOf(pixel);
  const size = image.rows * image.columns * image.samplesPerPixel * (image.bitsAllocated / 8);
  const frames: Uint8Array[] = [];
  // The detector reads 16-bit samples little endian: a big endian body is read from a swapped copy.
  const swapped = image.bitsAllocated === 16 && !file.bodySyntax.littleEndian;
  for (let frame = 0; frame < image.frames && (frame + 1) * size <= bytes.length; frame++) {
    const view = bytes.subarray(frame * size, (frame + 1) * size);
    frames.push(swapped ? Buffer.from(view).swap16() : view);
  }
  if (frames.length === 0) throw new PixelDecodeError('pixel data shorter than one frame');
  return { frames, image };
}
