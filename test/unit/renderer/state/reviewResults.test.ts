import { describe, expect, it } from 'vitest';
import type {
  ReviewFinding,
  ReviewReport,
  ReviewSegmentation,
} from '../../../../preload/contract/index.js';
import { resultShowing, reviewResults } from '../../../../renderer/state/reviewResults.js';

/**
 * The review's result picker: two AI jobs on one study and a manual SEG beside them.
 * Each SEG goes with the SR whose findings reference it, an SR with no such SEG stands alone, AI
 * results come first and the newest of them is the one shown by default.
 */
const algorithm = { manufacturer: 'Mitate reference', name: 'aneurysm-detector', version: '1.0' };
const finding = (segmentSop: string | undefined): ReviewFinding => ({
  trackingId: 'f1',
  measurements: [],
  ...(segmentSop === undefined
    ? {}
    : { segment: { sopInstanceUid: segmentSop, segmentNumber: 1 } }),
});
const seg = (sop: string, time: string, ai: boolean): ReviewSegmentation => ({
  sopInstanceUid: sop,
  seriesInstanceUid: `${sop}.s`,
  time,
  segments: [],
  ...(ai ? { algorithm } : {}),
});
const sr = (sop: string, time: string, segmentSop?: string): ReviewReport => ({
  sopInstanceUid: sop,
  seriesInstanceUid: `${sop}.s`,
  time,
  algorithm,
  findings: [finding(segmentSop)],
  decisions: {},
});

describe('review results', () => {
  const study = {
    segmentations: [
      seg('1.1', '2026-01-01T10:00:00Z', true),
      seg('3.1', '2026-03-01T10:00:00', false),
      seg('2.1', '2026-02-01T10:00:00Z', true),
    ],
    reports: [
      sr('1.2', '2026-01-01T10:00:01Z', '1.1'),
      sr('2.2', '2026-02-01T10:00:01Z', '2.1'),
      sr('4.2', '2025-12-01T10:00:00'),
    ],
  };

  it('pairs each SEG with the SR that references it, AI first, newest first', () => {
    const results = reviewResults(study);
    expect(
      results.map((result) => [result.segmentation?.sopInstanceUid, result.report?.sopInstanceUid]),
    ).toEqual([
      ['2.1', '2.2'],
      ['1.1', '1.2'],
      // The SR that references no SEG: made by AI (its own Contributing Equipment), older than both jobs.
      [undefined, '4.2'],
      // The manual SEG, newest of all, after every AI result.
      ['3.1', undefined],
    ]);
    expect(results[3]!.algorithm).toBeUndefined();
  });

  it('opens on the result that shows a chosen series, else the newest AI result', () => {
    const results = reviewResults(study);
    expect(resultShowing(results, '1.2.s')?.key).toBe('1.1');
    expect(resultShowing(results, '3.1.s')?.key).toBe('3.1');
    expect(resultShowing(results, 'another series')?.key).toBe('2.1');
    expect(resultShowing(results, undefined)?.key).toBe('2.1');
  });
});
