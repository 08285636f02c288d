import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import {
  items,
  readDataset,
  text,
  writeDataset,
  type DicomItem,
} from '../../main/results/dicomDataset.js';

/**
 * highdicom's TID 1500 planar ROI report (one measurement group, a SCOORD circle "selected from"
 * one CT image) moved onto another image: the study and patient of that image, the reference to
 * it and a circle of our choosing, so a test knows exactly where the circle must appear.
 */
export async function planarRoiReportOn(
  imagePath: string,
  circle: { column: number; row: number; radius: number },
  out: string,
): Promise<void> {
  const image = dicomParser.parseDicom(new Uint8Array(await readFile(imagePath)), {
    untilTag: 'x7fe00010',
  });
  const report = readDataset(
    new Uint8Array(
      await readFile(new URL('../data/deid-references/highdicom/sr_document.dcm', import.meta.url)),
    ),
  );
  report.StudyInstanceUID = image.string('x0020000d');
  report.PatientID = image.string('x00100020') ?? '';
  report.PatientName = image.string('x00100010') ?? '';
  report.SOPInstanceUID = `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;
  const walk = (item: DicomItem): void => {
    for (const child of items(item.ContentSequence)) {
      if (text(child.ValueType) === 'SCOORD') {
        child.GraphicData = [circle.column, circle.row, circle.column, circle.row - circle.radius];
        for (const reference of items(child.ContentSequence).flatMap((source) =>
          items(source.ReferencedSOPSequence),
        )) {
          reference.ReferencedSOPInstanceUID = image.string('x00080018');
          reference.ReferencedSOPClassUID = image.string('x00080016');
        }
      }
      walk(child);
    }
  };
  walk(report);
  await writeFile(out, writeDataset(report, '2.25.1'));
}
