// The DICOMweb client against a real third-party server (Orthanc with its DICOMweb plugin):
// STOW-RS of real MR files, QIDO-RS at each level, WADO-RS bytes back unchanged.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringValue, tag } from '../../../../main/dicomweb/dicomJson.js';
import { DicomwebClient, DicomwebError } from '../../../../main/dicomweb/dicomwebClient.js';
import { testData } from '../../../support/paths.js';
import { orthancAvailable, startOrthanc, type Orthanc } from '../jobs/orthanc.js';

const MR = testData('mr-head-t1-siemens-xa30-classic');
let orthanc: Orthanc | undefined;
let files: Buffer[] = [];
const uidOf = (bytes: Uint8Array, key: string): string =>
  dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }).string(key)!.trim();

beforeAll(async () => {
  if (!orthancAvailable) return;
  orthanc = await startOrthanc();
  const names = (await readdir(MR))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .slice(0, 12);
  files = await Promise.all(names.map((name) => readFile(join(MR, name))));
});
afterAll(async () => orthanc?.close());

describe.skipIf(!orthancAvailable)(
  `DICOMweb client against Orthanc${orthancAvailable ? '' : ' (skipped: Debian orthanc + orthanc-dicomweb are not installed)'}`,
  () => {
    it('stores real MR instances with STOW-RS and reads the stored list from the answer', async () => {
      const client = new DicomwebClient({ baseUrl: orthanc!.dicomweb });
      const outcome = await client.store(files.slice(0, 6));
      expect(outcome.status).toBe(200);
      expect(new Set(outcome.stored)).toEqual(
        new Set(files.slice(0, 6).map((bytes) => uidOf(bytes, 'x00080018'))),
      );
      expect(outcome.failed).toEqual([]);
      // The rest into the study by its URL (PS3.18 §10.5.1 "/studies/{study}").
      const study = uidOf(files[0]!, 'x0020000d');
      const second = await client.store(files.slice(6), { studyInstanceUid: study });
      expect(second.stored.length).toBe(6);
    });

    it('finds the study, series and instances with QIDO-RS, paging included', async () => {
      const client = new DicomwebClient({ baseUrl: orthanc!.dicomweb });
      const study = uidOf(files[0]!, 'x0020000d');
      const studies = await client.search({ of: 'studies' }, { StudyInstanceUID: study });
      expect(studies.map((item) => stringValue(item, tag.studyInstanceUid))).toEqual([study]);
      const series = await client.search({ studyInstanceUid: study, of: 'series' });
      expect(series.map((item) => stringValue(item, tag.seriesInstanceUid))).toEqual([
        uidOf(files[0]!, 'x0020000e'),
      ]);
      const all = await client.instanceUidsOfStudy(study);
      expect(all).toEqual(new Set(files.map((bytes) => uidOf(bytes, 'x00080018'))));
      expect(await client.instanceUidsOfStudy('1.2.3.4.5.6.7.8.9')).toEqual(new Set());
    });

    it('retrieves instances with WADO-RS byte for byte, one and a whole series', async () => {
      const client = new DicomwebClient({ baseUrl: orthanc!.dicomweb });
      const first = files[0]!;
      const [one] = await client.retrieve({
        studyInstanceUid: uidOf(first, 'x0020000d'),
        seriesInstanceUid: uidOf(first, 'x0020000e'),
        sopInstanceUid: uidOf(first, 'x00080018'),
      });
      expect(Buffer.from(one!).equals(first)).toBe(true);
      const series = await client.retrieve({
        studyInstanceUid: uidOf(first, 'x0020000d'),
        seriesInstanceUid: uidOf(first, 'x0020000e'),
      });
      expect(series.length).toBe(files.length);
      const byUid = new Map(files.map((bytes) => [uidOf(bytes, 'x00080018'), bytes]));
      for (const part of series)
        expect(Buffer.from(part).equals(byUid.get(uidOf(part, 'x00080018'))!)).toBe(true);
    });

    it('turns an unknown study into a typed 404 and a dead server into a retryable network error', async () => {
      const client = new DicomwebClient({ baseUrl: orthanc!.dicomweb });
      const missing = await client
        .retrieve({ studyInstanceUid: '1.2.3.4.5.6.7.8.9' })
        .catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(DicomwebError);
      expect((missing as DicomwebError).status).toBe(404);
      expect((missing as DicomwebError).retryable).toBe(false);
      const dead = new DicomwebClient({ baseUrl: 'http://127.0.0.1:9/dicom-web' });
      const error = await dead.search({ of: 'studies' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ kind: 'network', retryable: true });
    });
  },
);
