/**
 * Encapsulated documents (PS3.3 A.45, C.24.2): a PDF, CDA, STL, OBJ or MTL payload inside an
 * instance. Table E.1-1 replaces Encapsulated Document with a dummy (D), but a dummy is no
 * document: two NUL bytes under a Type 1 attribute, beside an Encapsulated Document Length that
 * still gives the original size and a MIME type that promises a PDF. And the payload cannot be
 * shown clean: a PDF's text and metadata (Author, Title, the file name), a CDA's recordTarget, a
 * mesh's header and comments carry the patient in ways no table row describes.
 *
 * So an instance of a document SOP class is held back whatever the options (the send shows why),
 * and Encapsulated Document met anywhere else (an SR that carries its report again as XML, as
 * some reporting systems write it; a sequence item; a private class) is removed together with
 * its length, so no element ever describes a value that is not there, and the rest is sent.
 */
import { findElement, textOf, type DicomFile } from '../dicom/index.js';

export const ENCAPSULATED_DOCUMENT = 0x00420011;
/** Encapsulated Document Length (0042,0015): the payload's size, meaningless once it is gone. */
export const ENCAPSULATED_DOCUMENT_LENGTH = 0x00420015;

/** Encapsulated PDF, CDA, STL, OBJ and MTL Storage (PS3.4 B.5). */
const DOCUMENT_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.104.1',
  '1.2.840.10008.5.1.4.1.1.104.2',
  '1.2.840.10008.5.1.4.1.1.104.3',
  '1.2.840.10008.5.1.4.1.1.104.4',
  '1.2.840.10008.5.1.4.1.1.104.5',
]);

/** Whether an instance is an encapsulated document: its SOP class (or its file meta) says so. */
export function isEncapsulatedDocument(file: DicomFile): boolean {
  const classOf = (elements: DicomFile['body'], tag: number): string => {
    const element = findElement(elements, tag);
    return element === undefined ? '' : textOf(element).trim();
  };
  return (
    DOCUMENT_CLASSES.has(classOf(file.body, 0x00080016)) ||
    DOCUMENT_CLASSES.has(classOf(file.meta, 0x00020002))
  );
}
