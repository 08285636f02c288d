/**
 * The Image Pixel Module attributes (PS3.3 C.7.6.3) that say how pixel data is laid out, read
 * from a data set for the pixel decoders and the masking and defacing that edit frames.
 */
import { findElement, textOf, type DataElement } from '../dicom/index.js';

export interface ImagePixelModule {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  planarConfiguration: number;
  frames: number;
  photometricInterpretation: string;
  /** 0 unsigned, 1 two's complement (PS3.3 C.7.6.3.1). */
  pixelRepresentation: number;
}

function uint16(elements: readonly DataElement[], tag: number, fallback: number): number {
  const element = findElement(elements, tag);
  if (element === undefined || element.length < 2) return fallback;
  const view = new DataView(element.bytes.buffer, element.bytes.byteOffset + element.valueStart, 2);
  return element.vr === 'US' || element.vr === 'UN' || !element.syntax.explicitVr
    ? view.getUint16(0, element.syntax.littleEndian)
    : fallback;
}

export function imagePixelModule(elements: readonly DataElement[]): ImagePixelModule {
  const framesElement = findElement(elements, 0x00280008);
  return {
    rows: uint16(elements, 0x00280010, 0),
    columns: uint16(elements, 0x00280011, 0),
    samplesPerPixel: uint16(elements, 0x00280002, 1),
    bitsAllocated: uint16(elements, 0x00280100, 16),
    planarConfiguration: uint16(elements, 0x00280006, 0),
    frames: framesElement ? Math.max(1, parseInt(textOf(framesElement), 10) || 1) : 1,
    photometricInterpretation: findElement(elements, 0x00280004)
      ? textOf(findElement(elements, 0x00280004)!)
      : 'MONOCHROME2',
    pixelRepresentation: uint16(elements, 0x00280103, 0),
  };
}
