// Files that other DICOM tools (DCMTK's dcmdump, GDCM's gdcmscanner) read, and that import once
// refused as cut off or without UIDs: each is now imported, or its outcome is the right one and
// says why.
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../../../../main/dicom/readHeader.js';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { testData } from '../../../support/paths.js';

const PEERS = testData('import-peers-read');
const HEAD_CT = testData('deid-phi/deid-data/ctbrain1.dcm');
const MR_SLICE = testData(
  'mr-head-t1-siemens-xa30-classic/5001001_1.3.12.2.1107.5.2.43.67093.30000023011319484937100000298.dcm',
);

const importFolder = (folder: string) =>
  importStudies(new StudyLibrary(), [folder], { signal: new AbortController().signal });

async function folderWith(files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mitate-peers-'));
  for (const [name, source] of Object.entries(files))
    await (typeof source === 'string'
      ? copyFile(source, join(dir, name))
      : writeFile(join(dir, name), source));
  return dir;
}

function element(group: number, element: number, vr: string, value: Buffer): Buffer {
  const long = ['OB', 'SQ', 'UN'].includes(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/**
 * The MR slice with a private block before Pixel Data as large as the one in GDCM's
 * private-tags sample (about 900 KB of embedded items): a sequence of undefined length whose
 * 2,000 undefined-length items each hold a 400-byte text, then a 200 KB OB value. (The sample
 * itself is 3.2 MB, too large for the repository; its header runs past the first read the same way.)
 */
async function withLargePrivateBlock(): Promise<Buffer> {
  const bytes = await readFile(MR_SLICE);
  const pixel = bytes.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]));
  const item = Buffer.concat([
    Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]),
    element(0x7fdf, 0x1002, 'LO', Buffer.alloc(400, 0x41)),
    Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]),
  ]);
  const sequence = Buffer.concat([
    Buffer.from([0xdf, 0x7f, 0x01, 0x10, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff]),
    ...Array.from({ length: 2000 }, () => item),
    Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]),
  ]);
  return Buffer.concat([
    bytes.subarray(0, pixel),
    element(0x7fdf, 0x0010, 'LO', Buffer.from('MITATE TEST ')),
    sequence,
    element(0x7fdf, 0x1003, 'OB', Buffer.alloc(200_000, 7)),
    bytes.subarray(pixel),
  ]);
}

describe('importStudies, files other tools read', () => {
  it('imports the head CT with Siemens, GE and Agfa private groups', async () => {
    const result = await readHeader(HEAD_CT, (await readFile(HEAD_CT)).length);
    expect(result.kind).toBe('instance');
    const report = await importFolder(await folderWith({ 'ctbrain1.dcm': HEAD_CT }));
    expect(report).toMatchObject({ instancesAdded: 1, broken: [] });
    expect(report.studies[0]?.modalities).toEqual(['CT']);
  });

  it('imports a slice whose private block runs far past the first read', async () => {
    const bytes = await withLargePrivateBlock();
    expect(bytes.length).toBeGreaterThan(900_000);
    const report = await importFolder(await folderWith({ 'private.dcm': bytes }));
    expect(report).toMatchObject({ instancesAdded: 1, broken: [] });
    const cut = await importFolder(
      await folderWith({ 'cut.dcm': bytes.subarray(0, bytes.length - 40_000) }),
    );
    expect(cut.broken).toEqual([{ name: 'cut.dcm', reason: 'truncated' }]);
  });

  it('reads the 12-lead ECG whole and counts it as holding no image, not as broken', async () => {
    const ecg = join(PEERS, 'waveform_ecg.dcm');
    const result = await readHeader(ecg, (await readFile(ecg)).length);
    expect(result.kind === 'instance' && result.header).toMatchObject({
      modality: 'ECG',
      hasPixelData: false,
    });
    const report = await importFolder(await folderWith({ 'ecg.dcm': ecg }));
    expect(report).toMatchObject({ instancesAdded: 0, withoutImages: 1, broken: [] });
  });

  it('refuses the JPEG-LS secondary capture that has no Study or Series Instance UID, saying so', async () => {
    // Both are Type 1 in every image IOD (PS3.3 C.7.2.1, C.7.3.1): the library files an instance
    // under them, and a made-up pair would match no other system's copy of the study.
    const jpegLs = join(PEERS, 'JLSL_16_15_1_1F.dcm');
    const report = await importFolder(await folderWith({ 'jpeg-ls.dcm': jpegLs }));
    expect(report).toMatchObject({
      instancesAdded: 0,
      broken: [{ name: 'jpeg-ls.dcm', reason: 'missing-uids' }],
    });
  });
});
