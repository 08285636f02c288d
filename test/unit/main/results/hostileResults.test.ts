/**
 * A hostile platform answers WADO-RS with two result objects: a good one, and one whose SOP
 * Instance UID is `../../../../escaped`. The good one is stored, the hostile one is refused and
 * counted, nothing is written outside the data folder, and the index keeps its earlier entries.
 */
import { access, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomwebClient, tag, type DicomJsonDataset } from '../../../../main/dicomweb/index.js';
import { aiResultIndexFor, receiveResults } from '../../../../main/results/index.js';
import type { PseudonymVault } from '../../../../main/vault/index.js';
import { startHostilePlatform, type HostilePlatform } from '../../../support/hostilePlatform.js';

const STUDY = '2.25.1001';
const SERIES = '2.25.1002';
const SEG = '1.2.840.10008.5.1.4.1.1.66.4';

/** One explicit VR little endian element with a 2-byte length, padded to even length. */
function element(group: number, number: number, vr: string, value: string | Buffer): Buffer {
  let bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (bytes.length % 2 === 1) bytes = Buffer.concat([bytes, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(number, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt16LE(bytes.length, 6);
  return Buffer.concat([head, bytes]);
}

/** A minimal Part 10 SEG-like object naming `sop` as its SOP Instance UID. */
function resultObject(sop: string): Buffer {
  const meta = Buffer.concat([
    element(0x0002, 0x0002, 'UI', SEG),
    element(0x0002, 0x0003, 'UI', sop),
    element(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1'),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(meta.length);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0000, 'UL', length),
    meta,
    element(0x0008, 0x0016, 'UI', SEG),
    element(0x0008, 0x0018, 'UI', sop),
    element(0x0008, 0x0060, 'CS', 'SEG'),
    element(0x0020, 0x000d, 'UI', STUDY),
    element(0x0020, 0x000e, 'UI', SERIES),
  ]);
}

function multipart(boundary: string, parts: Buffer[]): Buffer {
  return Buffer.concat([
    ...parts.flatMap((part) => [
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, 'latin1'),
      part,
      Buffer.from('\r\n', 'latin1'),
    ]),
    Buffer.from(`--${boundary}--\r\n`, 'latin1'),
  ]);
}

const completedItem: DicomJsonDataset = {
  [tag.performedProcedureSequence]: {
    vr: 'SQ',
    Value: [
      {
        [tag.outputInformationSequence]: {
          vr: 'SQ',
          Value: [
            {
              [tag.studyInstanceUid]: { vr: 'UI', Value: [STUDY] },
              [tag.seriesInstanceUid]: { vr: 'UI', Value: [SERIES] },
            },
          ],
        },
      },
    ],
  },
};

// No pseudonyms to map back in these objects: the vault knows none of their UIDs.
const vault = {
  originalUid: () => undefined,
  patientOf: () => undefined,
} as unknown as PseudonymVault;

let platform: HostilePlatform;
beforeAll(async () => {
  platform = await startHostilePlatform((request, response) => {
    if (request.url !== `/dicomweb/studies/${STUDY}/series/${SERIES}`) {
      response.writeHead(404).end();
      return;
    }
    const boundary = 'hostile';
    response.writeHead(200, {
      'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    });
    response.end(
      multipart(boundary, [resultObject('2.25.2001'), resultObject('../../../../escaped')]),
    );
  });
});
afterAll(() => platform.close());

describe('a hostile result object names a path as its SOP Instance UID', () => {
  it('is refused and counted; the good one and the earlier results are kept', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mitate-hostile-'));
    const dataDir = join(root, 'a', 'b', 'data');
    await mkdir(dataDir, { recursive: true });
    const index = aiResultIndexFor(dataDir);
    const earlier = {
      sopInstanceUid: '2.25.3001',
      seriesInstanceUid: '2.25.3002',
      sopClassUid: SEG,
      modality: 'SEG',
      algorithm: { manufacturer: 'M', name: 'N', version: '1' },
      jobId: 'earlier-job',
      studyInstanceUid: '2.25.3003',
      serviceId: 's',
      serviceVersion: '1',
      receivedAt: new Date().toISOString(),
    };
    await index.add(earlier, new Uint8Array([1, 2]));

    const client = new DicomwebClient({ baseUrl: `${platform.url}/dicomweb`, timeoutMs: 5000 });
    const outcome = await receiveResults({
      client,
      job: {
        id: 'hostile-job',
        pseudonymStudyUid: STUDY,
        staged: [],
        source: { studyInstanceUid: '2.25.4001' },
        service: { id: 's', version: '1' },
      },
      item: completedItem,
      vault,
      index,
      signal: new AbortController().signal,
    });

    // Nothing outside the data folder: not beside it, not at the top of the temporary folder.
    for (const folder of [root, join(root, 'a'), join(root, 'a', 'b')])
      expect(await readdir(folder)).not.toContain('escaped.dcm');
    await expect(access(join(root, 'escaped.dcm'))).rejects.toThrow();
    const sops = (await index.all()).map((entry) => entry.sopInstanceUid).sort();
    expect(sops).toEqual(['2.25.2001', '2.25.3001']);
    expect(outcome.refused).toBe(1);
    expect(outcome.records.map((record) => record.sopInstanceUid)).toEqual(['2.25.2001']);
  });

  it('an index file edited to name a path outside, or holding a bad entry, keeps the rest', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mitate-hostile-index-'));
    const index = aiResultIndexFor(dataDir);
    await mkdir(index.folder, { recursive: true });
    const good = {
      sopInstanceUid: '2.25.5001',
      seriesInstanceUid: '2.25.5002',
      sopClassUid: SEG,
      modality: 'SEG',
      algorithm: { manufacturer: 'M', name: 'N', version: '1' },
      jobId: 'job',
      studyInstanceUid: '2.25.5003',
      serviceId: 's',
      serviceVersion: '1',
      receivedAt: 'now',
      file: 'job/2.25.5001.dcm',
    };
    const bad = { ...good, sopInstanceUid: '../../x', file: '../../x.dcm' };
    await writeFile(index.indexPath, JSON.stringify({ version: 1, results: [good, bad] }));
    const entries = await index.all();
    expect(entries.map((entry) => entry.sopInstanceUid)).toEqual(['2.25.5001']);
    expect(() => index.pathOf({ file: '../../x.dcm' })).toThrow(/leave its folder/);
  });
});
