/**
 * The results a study's review can show, one at a time (several AI jobs on one study,
 * or a third-party SEG beside another): each SEG with the SR whose findings reference it (TID
 * 1500 "Referenced Segment", the link AIR results carry), and each SR with no such SEG on its
 * own. AI results come first, newest first, so the review opens on the latest AI result.
 */
import type {
  ReviewAlgorithm,
  ReviewReport,
  ReviewSegmentation,
  ReviewStudy,
} from '../../preload/contract/index.js';

export interface ReviewResult {
  /** The SEG's SOP Instance UID, else the SR's. */
  key: string;
  segmentation: ReviewSegmentation | undefined;
  report: ReviewReport | undefined;
  /** Contributing Equipment of the SEG, else of the SR; absent when a person made both. */
  algorithm: ReviewAlgorithm | undefined;
  seriesDescription: string | undefined;
  time: string | undefined;
}

const newestFirst = (a: { time?: string | undefined }, b: { time?: string | undefined }): number =>
  (b.time ?? '').localeCompare(a.time ?? '');

export function reviewResults(study: ReviewStudy | undefined): ReviewResult[] {
  if (study === undefined) return [];
  const unpaired = [...study.reports].sort(newestFirst);
  const results: ReviewResult[] = study.segmentations.map((segmentation) => {
    const at = unpaired.findIndex((report) =>
      report.findings.some(
        (finding) => finding.segment?.sopInstanceUid === segmentation.sopInstanceUid,
      ),
    );
    const report = at < 0 ? undefined : unpaired.splice(at, 1)[0];
    return {
      key: segmentation.sopInstanceUid,
      segmentation,
      report,
      algorithm: segmentation.algorithm ?? report?.algorithm,
      seriesDescription: segmentation.seriesDescription ?? report?.seriesDescription,
      time: segmentation.time ?? report?.time,
    };
  });
  for (const report of unpaired) {
    results.push({
      key: report.sopInstanceUid,
      segmentation: undefined,
      report,
      algorithm: report.algorithm,
      seriesDescription: report.seriesDescription,
      time: report.time,
    });
  }
  return results.sort(
    (a, b) =>
      Number(b.algorithm !== undefined) - Number(a.algorithm !== undefined) || newestFirst(a, b),
  );
}

/** The result that shows a series (the library's result row the doctor chose), else the default one. */
export function resultShowing(
  results: readonly ReviewResult[],
  seriesInstanceUid: string | undefined,
): ReviewResult | undefined {
  const showing = results.find(
    (result) =>
      result.segmentation?.seriesInstanceUid === seriesInstanceUid ||
      result.report?.seriesInstanceUid === seriesInstanceUid,
  );
  return (seriesInstanceUid === undefined ? undefined : showing) ?? results[0];
}
