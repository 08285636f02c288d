/**
 * A DICOMDIR (PS3.10 §8), told apart from an instance by its SOP class or its directory records.
 */
import { textOf, type DataElement, type DicomFile } from '../dicom/index.js';

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

export function isMediaDirectory(file: DicomFile): boolean {
  const sopClass = (elements: readonly DataElement[], tag: number): string => {
    const element = elements.find((candidate) => candidate.tag === tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  return (
    sopClass(file.meta, 0x00020002) === MEDIA_STORAGE_DIRECTORY ||
    sopClass(file.body, 0x00080016) === MEDIA_STORAGE_DIRECTORY ||
    file.body.some((element) => element.tag === 0x00041220)
  );
}
