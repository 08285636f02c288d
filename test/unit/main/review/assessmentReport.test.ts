import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAssessment, writeAssessmentReport } from '../../../../main/review/assessmentReport.js';
import { readDataset, items, text, type DicomItem } from '../../../../main/results/dicomDataset.js';
import { testData } from '../../../support/paths.js';

const run = promisify(execFile);
/** dciodvfy prints errors and warnings on stderr and exits 0 either way. */
async function dciodvfy(path: string): Promise<string[]> {
  const { stdout, stderr } = await run('dciodvfy', [path]).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  return `${stdout}\n${stderr}`.split('\n').filter((line) => line.startsWith('Error'));
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-assessment-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('assessment SR (IHE AIRA)', () => {
  it('is a valid Comprehensive SR (dciodvfy), references the AI report, and reads back the decisions', async () => {
    // A third-party TID 1500 report stands in for the AI result (our service's SR is covered by the e2e test).
    const aiBytes = await readFile(testData('deid-references/highdicom/sr_document.dcm'));
    const ai = readDataset(aiBytes);
    const decisions = [
      {
        trackingId: 'Planar ROI Measurements',
        trackingUid: '1.2.826.0.1.3680043.8.498.95005499519195632686309166061552196996',
        decision: 'accepted' as const,
        comment: '確認済み confirmed',
      },
      { trackingId: 'second', decision: 'rejected' as const, comment: '' },
    ];
    const { bytes, sopInstanceUid } = writeAssessmentReport(ai, decisions, {
      manufacturerVersion: '0.0.0-test',
      observer: 'Doctor^Test',
    });
    const path = join(work, 'assessment.dcm');
    await writeFile(path, bytes);
    expect(await dciodvfy(path)).toEqual([]);

    const written = readDataset(bytes);
    expect(text(written.SOPInstanceUID)).toBe(sopInstanceUid);
    expect(text(written.StudyInstanceUID)).toBe(text(ai.StudyInstanceUID));
    // A new series and instance: the AI object is never modified or replaced.
    expect(text(written.SeriesInstanceUID)).not.toBe(text(ai.SeriesInstanceUID));
    expect(sopInstanceUid).not.toBe(text(ai.SOPInstanceUID));
    const evidence = items(
      items(
        items(written.CurrentRequestedProcedureEvidenceSequence)[0]?.ReferencedSeriesSequence,
      )[0]?.ReferencedSOPSequence,
    )[0];
    expect(text(evidence?.ReferencedSOPInstanceUID)).toBe(text(ai.SOPInstanceUID));

    const read = readAssessment(written)!;
    expect(read.assessed).toBe(text(ai.SOPInstanceUID));
    expect(read.findings).toEqual([
      {
        trackingId: 'Planar ROI Measurements',
        trackingUid: decisions[0]!.trackingUid,
        decision: 'accepted',
        comment: '確認済み confirmed',
      },
      { trackingId: 'second', decision: 'rejected', comment: '' },
    ]);
  });

  it('dsrdump reads it as a content tree naming each decision', async () => {
    const ai = readDataset(await readFile(testData('deid-references/highdicom/sr_document.dcm')));
    const { bytes } = writeAssessmentReport(
      ai,
      [{ trackingId: 'A', decision: 'rejected', comment: 'too small' }],
      { manufacturerVersion: '0' },
    );
    const path = join(work, 'assessment2.dcm');
    await writeFile(path, bytes);
    const { stdout } = await run('dsrdump', [path]);
    expect(stdout).toContain('"AI result assessment"');
    expect(stdout).toContain('"Rejected"');
    expect(stdout).toContain('"too small"');
  });

  it('codes each finding under DCM 121071 "Finding" and an acceptance as SNOMED CT 385645004 "Accepted"', () => {
    const ai = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.22',
      SOPInstanceUID: '1.2.3.4',
      StudyInstanceUID: '1.2.3',
      SeriesInstanceUID: '1.2.3.5',
    };
    const { bytes } = writeAssessmentReport(
      ai,
      [
        { trackingId: 'A', decision: 'accepted', comment: '' },
        { trackingId: 'B', decision: 'rejected', comment: '' },
      ],
      { manufacturerVersion: '0' },
    );
    const containers = items(readDataset(bytes).ContentSequence).filter(
      (child) => text(child.ValueType) === 'CONTAINER',
    );
    const concept = (item: DicomItem | undefined): string =>
      `${text(item?.CodingSchemeDesignator)} ${text(item?.CodeValue)}`;
    expect(
      containers.map((container) => concept(items(container.ConceptNameCodeSequence)[0])),
    ).toEqual(['DCM 121071', 'DCM 121071']);
    const decisionOf = (container: DicomItem): string =>
      concept(
        items(
          items(container.ContentSequence).find((part) => text(part.ValueType) === 'CODE')
            ?.ConceptCodeSequence,
        )[0],
      );
    expect(containers.map(decisionOf)).toEqual(['SCT 385645004', '99MITATE REJECTED']);
  });

  it('still reads assessments saved with the earlier private finding and acceptance codes', () => {
    const earlier = {
      ConceptNameCodeSequence: [
        {
          CodeValue: 'AIASSESS',
          CodingSchemeDesignator: '99MITATE',
          CodeMeaning: 'AI result assessment',
        },
      ],
      ContentSequence: [
        {
          ValueType: 'CONTAINER',
          ConceptNameCodeSequence: [
            {
              CodeValue: 'FINDASSESS',
              CodingSchemeDesignator: '99MITATE',
              CodeMeaning: 'Finding assessment',
            },
          ],
          ContentSequence: [
            {
              ValueType: 'TEXT',
              ConceptNameCodeSequence: [
                {
                  CodeValue: '112039',
                  CodingSchemeDesignator: 'DCM',
                  CodeMeaning: 'Tracking Identifier',
                },
              ],
              TextValue: 'A',
            },
            {
              ValueType: 'CODE',
              ConceptNameCodeSequence: [
                {
                  CodeValue: 'DECISION',
                  CodingSchemeDesignator: '99MITATE',
                  CodeMeaning: 'Assessment decision',
                },
              ],
              ConceptCodeSequence: [
                {
                  CodeValue: 'ACCEPTED',
                  CodingSchemeDesignator: '99MITATE',
                  CodeMeaning: 'Accepted',
                },
              ],
            },
          ],
        },
      ],
    };
    expect(readAssessment(earlier)?.findings).toEqual([
      { trackingId: 'A', decision: 'accepted', comment: '' },
    ]);
  });
});
