import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../../../../main/dicom/readHeader.js';
import { testData } from '../../../support/paths.js';

async function read(path: string) {
  return readHeader(path, (await stat(path)).size);
}

describe('readHeader', () => {
  it('reads the attributes of a classic MR slice', async () => {
    const folder = testData('mr-head-t1-siemens-xa30-classic');
    const [first] = (await readdir(folder)).sort();
    const result = await read(join(folder, first ?? ''));
    expect(result.kind).toBe('instance');
    if (result.kind !== 'instance') return;
    expect(result.header).toMatchObject({
      modality: 'MR',
      patientId: '999',
      patientBirthDate: '19990101',
      studyDate: '20230113',
      studyDescription: 'Cheng test',
      seriesDescription: 'anat-T1w_acq-tfl',
      instanceNumber: 1,
      rows: 128,
      columns: 128,
      numberOfFrames: 1,
      hasPixelData: true,
    });
    expect(result.header.patientName.alphabetic).toBe('Development');
  });

  it('counts the 96 frames of the enhanced MR', async () => {
    const folder = testData('mr-head-t1-siemens-xa30-enhanced');
    const [file] = await readdir(folder);
    const result = await read(join(folder, file ?? ''));
    expect(result.kind === 'instance' && result.header.numberOfFrames).toBe(96);
  });

  it('reads every transfer syntax in the test data, deflated and big-endian included', async () => {
    for (const folder of ['ct-transfer-syntaxes-cornerstone', 'mr-transfer-syntaxes-dcm_qa_ts']) {
      const dir = testData(folder);
      const files = (await readdir(dir)).filter((name) => !name.endsWith('.md'));
      for (const file of files) {
        const result = await read(join(dir, file));
        expect(result.kind, `${folder}/${file}`).toBe('instance');
        if (result.kind === 'instance')
          expect(result.header.rows, `${folder}/${file}`).toBeGreaterThan(0);
      }
    }
  });

  it('says a text file is not DICOM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mitate-'));
    await writeFile(join(dir, 'notes.txt'), 'not an image\n'.repeat(20));
    expect(await read(join(dir, 'notes.txt'))).toEqual({ kind: 'not-dicom' });
  });

  it('says a DICOM file cut off in its header or its pixel data is truncated', async () => {
    const folder = testData('mr-head-t1-siemens-xa30-classic');
    const [first] = (await readdir(folder)).sort();
    const bytes = await readFile(join(folder, first ?? ''));
    const dir = await mkdtemp(join(tmpdir(), 'mitate-'));
    await writeFile(join(dir, 'header-cut.dcm'), bytes.subarray(0, 2000));
    await writeFile(join(dir, 'pixels-cut.dcm'), bytes.subarray(0, bytes.length - 1000));
    expect(await read(join(dir, 'header-cut.dcm'))).toEqual({
      kind: 'broken',
      reason: 'truncated',
    });
    expect(await read(join(dir, 'pixels-cut.dcm'))).toEqual({
      kind: 'broken',
      reason: 'truncated',
    });
  });
});
