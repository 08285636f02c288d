/**
 * Top-level values of a parsed file looked up by tag, as the library reads them: ASCII values
 * (UI, CS, DS, IS, DA) without padding, text in the file's character set, US numbers.
 */
import { decodeText } from './characterSet.js';
import {
  PIXEL_DATA,
  UNDEFINED,
  uint16Of,
  valueOf,
  type DataElement,
  type DicomFile,
} from './dataSet.js';
import { parseDicomFile } from './parseDicomFile.js';

export class HeaderValues {
  private readonly byTag = new Map<number, DataElement>();

  constructor(readonly file: DicomFile) {
    for (const element of file.meta) this.byTag.set(element.tag, element);
    for (const element of file.body) this.byTag.set(element.tag, element);
  }

  /** Whether the parse reached Pixel Data (its value is not read). */
  get hasPixelData(): boolean {
    return this.file.stoppedAt?.tag === PIXEL_DATA || this.byTag.has(PIXEL_DATA);
  }

  /** A defined-length Pixel Data element that ends after `size` bytes means a cut-off copy. */
  pixelDataRunsPast(size: number): boolean {
    const stopped = this.file.stoppedAt;
    if (stopped?.tag !== PIXEL_DATA || stopped.length === UNDEFINED) return false;
    return stopped.valueStart + stopped.length > size;
  }

  /** The value as Latin-1 up to its first NUL, trimmed; '' when absent. */
  ascii(tag: number): string {
    const element = this.byTag.get(tag);
    if (element === undefined) return '';
    const value = valueOf(element);
    const nul = value.indexOf(0);
    return Buffer.from(value.buffer, value.byteOffset, nul === -1 ? value.length : nul)
      .toString('latin1')
      .trim();
  }

  /** Specific Character Set (0008,0005), undefined when absent or empty. */
  get characterSet(): string | undefined {
    const value = this.ascii(0x00080005);
    return value === '' ? undefined : value;
  }

  /** A text value decoded in `characterSet`, without leading spaces and trailing padding (PS3.5 §6.2). */
  text(tag: number, characterSet: string | undefined): string {
    const element = this.byTag.get(tag);
    if (element === undefined || element.length === 0) return '';
    return decodeText(valueOf(element), characterSet)
      .replace(/[\s\0]+$/u, '')
      .replace(/^\s+/u, '');
  }

  uint16(tag: number): number | undefined {
    const element = this.byTag.get(tag);
    return element === undefined ? undefined : uint16Of(element);
  }

  /** An IS value as an integer. */
  integer(tag: number): number | undefined {
    const value = Number.parseInt(this.ascii(tag), 10);
    return Number.isFinite(value) ? value : undefined;
  }
}

/** The data set as far as Pixel Data (deflated ones inflated up to the reader's ceiling). */
export function readUntilPixelData(bytes: Uint8Array): HeaderValues {
  return new HeaderValues(parseDicomFile(bytes, { until: PIXEL_DATA }));
}
