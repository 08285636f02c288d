/**
 * Which images the text detector reads under Clean Pixel Data: those whose kind often carries
 * text in the pixels whatever the header says (ultrasound, secondary capture and screenshots,
 * photographs and endoscopy, projection radiographs with markers), every multi-frame true-colour
 * image, and every image that does not say (no Burned In Annotation). An image that says NO and
 * is none of these (a CT or MR slice as the scanner made it) is taken at its word.
 */
import { findElement, textOf, type DicomFile } from '../../dicom/index.js';
import type { ImagePixelModule } from '../imagePixelModule.js';

const MODALITIES = new Set([
  'US',
  'IVUS',
  'SC',
  'OT',
  'XC',
  'ES',
  'GM',
  'OP',
  'SM',
  'DOC',
  'DX',
  'CR',
  'MG',
  'PX',
  'IO',
  'RF',
  'XA',
  'RG',
]);

/** SOP classes made from screens, cameras and documents (PS3.4 B.5). */
const SOP_CLASS_PREFIXES = [
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture, all its kinds
  '1.2.840.10008.5.1.4.1.1.77.', // Visible Light (endoscopy, photographs, microscopy)
  '1.2.840.10008.5.1.4.1.1.6.', // Ultrasound
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame
];

export function mayCarryText(
  file: DicomFile,
  modality: string,
  burnedInAnnotation: string,
  image: ImagePixelModule,
): boolean {
  if (burnedInAnnotation !== 'NO') return true;
  if (MODALITIES.has(modality)) return true;
  const text = (tag: number): string => {
    const element = findElement(file.body, tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  const sopClass = text(0x00080016);
  if (SOP_CLASS_PREFIXES.some((prefix) => sopClass.startsWith(prefix))) return true;
  // Conversion Type (PS3.3 C.8.6.1): made from a screen, a scanned document or a video.
  if (text(0x00080064) !== '') return true;
  return image.samplesPerPixel === 3 && image.frames > 1;
}
