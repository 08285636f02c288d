/**
 * Orthanc as the hospital PACS of the DIMSE tests: AE title ORTHANC, knowing Mitate (MITATE at
 * `mitatePort`, the C-MOVE destination) and a modality (STORESCU), holding the given files, which
 * DCMTK's storescu pushed into it as a modality would.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runDcmtk } from '../../../support/dcmtk.js';
import { startOrthanc, type Orthanc } from './orthanc.js';

/** The first `count` .dcm files of a folder, in name order. */
export async function dicomFiles(folder: string, count = Infinity): Promise<string[]> {
  return (await readdir(folder))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, count)
    .map((name) => join(folder, name));
}

export async function startPacsWith(
  files: readonly string[],
  mitatePort: number,
): Promise<Orthanc> {
  const orthanc = await startOrthanc({
    dicom: {
      aeTitle: 'ORTHANC',
      modalities: {
        mitate: ['MITATE', '127.0.0.1', mitatePort],
        modality: ['STORESCU', '127.0.0.1', 104],
      },
    },
  });
  const pushed = await runDcmtk('storescu', [
    '-aet',
    'STORESCU',
    '-aec',
    'ORTHANC',
    '127.0.0.1',
    String(orthanc.dicomPort),
    ...files,
  ]);
  if (pushed.code !== 0) {
    await orthanc.close();
    throw new Error(`storescu failed: ${pushed.output}`);
  }
  return orthanc;
}
