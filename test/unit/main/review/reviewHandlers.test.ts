import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channels,
  type ReviewLabelmap,
  type ReviewStudy,
} from '../../../../preload/contract/index.js';
import { AiResultIndex } from '../../../../main/results/resultIndex.js';
import { importStudies } from '../../../../main/library/importStudies.js';
import { StudyLibrary } from '../../../../main/library/studyLibrary.js';
import { StudyResults } from '../../../../main/library/studyResults.js';
import { readDataset, text } from '../../../../main/results/dicomDataset.js';
import { readAssessment } from '../../../../main/review/assessmentReport.js';
import { createReviewHandlers } from '../../../../main/review/reviewHandlers.js';
import { SettingsStore } from '../../../../main/settings/settingsStore.js';
import { reviewResults } from '../../../../renderer/state/reviewResults.js';
import { platformCommand } from '../../../support/platformCommand.js';

/**
 * The review channels on results stored the way the send/receive pipeline stores them
 * (`AiResultIndex` in `<dataDir>/ai-results/`), not imported with the study: findings and
 * algorithm read, the SEG unpacked onto the phantom's slices, the assessment saved, and the AI
 * files left byte for byte as they were.
 */
const run = promisify(execFile);
let work: string;
let dataDir: string;
const library = new StudyLibrary();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mitate-review-handlers-'));
  dataDir = join(work, 'data');
  const cli = platformCommand;
  await run(process.execPath, [
    cli,
    'phantom',
    '--seed',
    '7',
    '--size',
    '96x96x100',
    '--out',
    join(work, 'mra'),
  ]);
  await run(process.execPath, [
    cli,
    'analyze',
    '--service',
    'aneurysm-mra',
    '--in',
    join(work, 'mra'),
    '--out',
    join(work, 'ai'),
  ]);
  await importStudies(library, [join(work, 'mra')], { signal: new AbortController().signal });
  const index = new AiResultIndex(dataDir);
  for (const name of ['aneurysm-seg.dcm', 'aneurysm-sr.dcm']) {
    const bytes = await readFile(join(work, 'ai', name));
    const dataset = readDataset(bytes);
    await index.add(
      {
        jobId: 'job-review-test',
        studyInstanceUid: text(dataset.StudyInstanceUID),
        sopInstanceUid: text(dataset.SOPInstanceUID),
        seriesInstanceUid: text(dataset.SeriesInstanceUID),
        sopClassUid: text(dataset.SOPClassUID),
        modality: text(dataset.Modality),
        algorithm: { manufacturer: 'test', name: 'test', version: '1' },
        serviceId: 'aneurysm-mra',
        serviceVersion: '1',
        receivedAt: new Date().toISOString(),
      },
      bytes,
    );
  }
}, 120_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sha = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('review channels on stored AI results', () => {
  it('lists the report and SEG, unpacks the SEG onto the phantom slices, and saves an assessment without touching the AI files', async () => {
    const { handlers } = createReviewHandlers(
      {
        info: {
          name: 'Mitate',
          version: '0.0.0-test',
          host: 'devhost',
          platform: 'linux',
          nativeDialogs: false,
        },
        dataDir,
        settings: new SettingsStore(dataDir),
        emit: () => undefined,
      },
      { library, session: Promise.resolve({ status: () => ({ user: { name: '鈴木^花子' } }) }) },
    );
    const studyId = library.studies()[0]!.id;
    const stored = await new AiResultIndex(dataDir).all();
    const before = await Promise.all(
      stored.map((entry) => sha(join(dataDir, 'ai-results', entry.file))),
    );

    const study: ReviewStudy = channels['review.study'].response.parse(
      await handlers['review.study']({ studyId }),
    );
    const findings = JSON.parse(await readFile(join(work, 'ai', 'findings.json'), 'utf8')) as {
      findings: { diameter_mm: number }[];
    };
    expect(study.reports).toHaveLength(1);
    expect(study.reports[0]!.findings).toHaveLength(findings.findings.length);
    for (const [index, expected] of findings.findings.entries())
      expect(study.reports[0]!.findings[index]!.sizeMm!).toBeCloseTo(expected.diameter_mm, 1);
    expect(study.reports[0]!.algorithm?.version).toMatch(/\d/);
    expect(study.segmentations).toHaveLength(1);
    const seg = study.segmentations[0]!;
    expect(seg.sourceSeriesId).toBe(library.series(studyId)![0]!.id);
    expect(seg.segments.length).toBe(findings.findings.length);
    // One job's SEG and SR are one result in the review's picker: the SR's findings reference the SEG; its time is when it was received.
    const results = reviewResults(study);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      key: seg.sopInstanceUid,
      report: { sopInstanceUid: study.reports[0]!.sopInstanceUid },
      time: stored[0]!.receivedAt,
    });
    expect(results[0]!.algorithm).toBeDefined();

    const labelmap: ReviewLabelmap = channels['review.segmentation'].response.parse(
      await handlers['review.segmentation']({ studyId, sopInstanceUid: seg.sopInstanceUid }),
    );
    const slices = new Set(
      library.studyInstances(studyId)!.map((instance) => instance.header.sopInstanceUid),
    );
    expect(labelmap.frames.length).toBeGreaterThan(0);
    for (const frame of labelmap.frames) expect(slices.has(frame.sourceSopInstanceUid!)).toBe(true);

    const report = study.reports[0]!;
    const [first, second] = report.findings;
    const saved = await handlers['review.saveAssessment']({
      studyId,
      sopInstanceUid: report.sopInstanceUid,
      decisions: [
        {
          trackingId: first!.trackingId,
          ...(first!.trackingUid ? { trackingUid: first!.trackingUid } : {}),
          decision: 'accepted',
          comment: '',
        },
        ...(second
          ? [{ trackingId: second.trackingId, decision: 'rejected' as const, comment: 'x' }]
          : []),
      ],
    });
    const assessmentBytes = await readFile(
      join(dataDir, 'assessments', `${saved.sopInstanceUid}.dcm`),
    );
    const assessment = readAssessment(readDataset(assessmentBytes))!;
    // The signed-in doctor is the observer who assessed the AI findings (AIRA), not "UNKNOWN".
    expect(assessmentBytes.includes(Buffer.from('鈴木^花子'))).toBe(true);
    expect(assessmentBytes.includes(Buffer.from('UNKNOWN'))).toBe(false);
    expect(assessment.assessed).toBe(report.sopInstanceUid);
    expect(assessment.findings[0]!.decision).toBe('accepted');

    // The library lists the assessment beside the study, marked as the doctor's, and the two AI series.
    const inLibrary = await new StudyResults(dataDir).forStudy(studyId);
    expect(inLibrary.find((series) => series.kind === 'assessment')).toMatchObject({
      seriesInstanceUid: text(readDataset(assessmentBytes).SeriesInstanceUID),
      observer: '鈴木^花子',
    });
    expect(
      inLibrary
        .filter((series) => series.kind === 'ai')
        .map((series) => series.modality)
        .sort(),
    ).toEqual(['SEG', 'SR']);

    // Read back with the report; the AI objects are exactly as they were stored.
    const again = await handlers['review.study']({ studyId });
    expect(Object.values(again.reports[0]!.decisions)[0]!.decision).toBe('accepted');
    expect(
      await Promise.all(stored.map((entry) => sha(join(dataDir, 'ai-results', entry.file)))),
    ).toEqual(before);
  });
});
