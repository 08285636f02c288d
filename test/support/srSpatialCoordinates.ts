import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';

/** Every SCOORD content item of an SR, depth first: graphic type and Graphic Data (PS3.3 C.18.6), read with dicom-parser. */
export async function scoordItems(
  path: string,
): Promise<{ graphicType: string; points: number[] }[]> {
  const root = dicomParser.parseDicom(new Uint8Array(await readFile(path)));
  type DataSet = typeof root;
  const found: { graphicType: string; points: number[] }[] = [];
  const walk = (dataSet: DataSet): void => {
    for (const item of dataSet.elements['x0040a730']?.items ?? []) {
      const child = item.dataSet!;
      if (child.string('x0040a040') === 'SCOORD') {
        const data = child.elements['x00700022']!;
        found.push({
          graphicType: child.string('x00700023') ?? '',
          points: Array.from({ length: data.length / 4 }, (_, i) => child.float('x00700022', i)!),
        });
      }
      walk(child);
    }
  };
  walk(root);
  return found;
}
