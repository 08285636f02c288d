// Encapsulated documents: a PDF report naming the patient, as a PDF converter writes it, must never
// leave; an instance of a document class is held back, and a document met anywhere else is
// removed with its length (never a dummy of two NULs beside the original length).
import { describe, expect, it } from 'vitest';
import {
  encodeDicomFile,
  findElement,
  parseDicomFile,
  type DataElement,
  type OutElement,
} from '../../../../main/dicom/index.js';
import {
  craft,
  deid,
  EXPLICIT,
  item,
  SERIES_UID,
  SOP_UID,
  STUDY_UID,
  sequence,
  survivors,
  useScratchFolder,
  value,
} from './secondReadCraft.js';

useScratchFolder();

const NAME = 'WATANABE^KENJI';
const ID = 'MRN5530127';

/** A one-page PDF 1.4 whose text and Info dictionary name the patient, with a consistent xref. */
function reportPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length 60 >>\nstream\nBT /F1 12 Tf 72 760 Td (Patient ${NAME} ${ID}) Tj ET\nendstream`,
    `<< /Author (Dr. Sato) /Title (Report for ${NAME}) >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const PDF_CLASS = '1.2.840.10008.5.1.4.1.1.104.1';
const tagOf = (element: OutElement): number =>
  element.kind === 'copy' ? element.element.tag : element.tag;

function documentElements(pdf: Buffer): OutElement[] {
  const padded = pdf.length % 2 ? Buffer.concat([pdf, Buffer.alloc(1)]) : pdf;
  const length = Buffer.alloc(4);
  length.writeUInt32LE(pdf.length);
  return [
    value(0x00420010, 'ST', `Report ${NAME}`),
    value(0x00420011, 'OB', padded),
    value(0x00420012, 'LO', 'application/pdf'),
    value(0x00420015, 'UL', length),
  ];
}

/** An Encapsulated PDF instance (PS3.3 A.45.1) as a converter writes one. */
function encapsulatedPdf(): Uint8Array {
  const body: OutElement[] = [
    value(0x00080016, 'UI', PDF_CLASS),
    value(0x00080018, 'UI', SOP_UID),
    value(0x00080060, 'CS', 'DOC'),
    value(0x00100010, 'PN', NAME),
    value(0x00100020, 'LO', ID),
    value(0x0020000d, 'UI', STUDY_UID),
    value(0x0020000e, 'UI', SERIES_UID),
    value(0x00280301, 'CS', 'YES'),
    ...documentElements(reportPdf()),
  ].sort((a, b) => tagOf(a) - tagOf(b));
  const meta = [
    value(0x00020002, 'UI', PDF_CLASS),
    value(0x00020003, 'UI', SOP_UID),
    value(0x00020010, 'UI', '1.2.840.10008.1.2.1'),
  ];
  return Buffer.concat(encodeDicomFile(meta, body, EXPLICIT, false));
}

function everyElement(elements: readonly DataElement[]): DataElement[] {
  return elements.flatMap((element) => [
    element,
    ...(element.items ?? []).flatMap((inner) => everyElement(inner.elements)),
  ]);
}

describe('encapsulated documents', () => {
  it('an Encapsulated PDF naming the patient is held back, whatever the options', async () => {
    for (const options of [[], ['cleanDescriptors', 'cleanStructuredContent']] as const) {
      const result = await deid(encapsulatedPdf(), [...options]);
      expect(result.output).toBeUndefined();
      expect(result.excluded).toEqual(['encapsulatedDocument']);
    }
  });

  it('Encapsulated Document at the top level of another class (an SR carrying its report again) is removed with its length; the SR is sent', async () => {
    const result = await deid(craft(documentElements(reportPdf())), ['cleanDescriptors']);
    expect(result.excluded).toEqual([]);
    expect(survivors(result, [NAME, ID, 'WATANABE', '%PDF', 'Dr. Sato'])).toEqual([]);
    const out = parseDicomFile(new Uint8Array(result.output!));
    expect(findElement(out.body, 0x00420011)).toBeUndefined();
    expect(findElement(out.body, 0x00420015)).toBeUndefined();
  });

  it('a document inside a sequence item is removed with its length: no planted byte, no zeroed value, no length without its value', async () => {
    const nested = sequence(0x00540220, [
      item([
        value(0x00080100, 'SH', 'R-10206'),
        value(0x00080102, 'SH', 'SRT'),
        value(0x00080104, 'LO', 'frontal'),
        ...documentElements(reportPdf()),
      ]),
    ]);
    const result = await deid(craft([nested]));
    expect(result.excluded).toEqual([]);
    expect(survivors(result, [NAME, ID, 'WATANABE', '%PDF', 'Dr. Sato'])).toEqual([]);
    const out = parseDicomFile(new Uint8Array(result.output!));
    const tags = everyElement(out.body).map((element) => element.tag);
    expect(tags).not.toContain(0x00420011);
    expect(tags).not.toContain(0x00420015);
    // The code itself is kept (the sequence is not listed): only the document went.
    const view = findElement(out.body, 0x00540220)!;
    expect(view.items?.[0]?.elements.map((element) => element.tag)).toContain(0x00080100);
  });
});
