/**
 * The review screen: original | annotated side by side, synchronized, the SEG as a
 * labelmap overlay with its legend, and the findings of the TID 1500 report with the doctor's
 * accept / reject / comment, saved as a separate assessment SR (IHE AIRA).
 */
import { Enums } from '@cornerstonejs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ReviewFinding,
  ReviewLabelmap,
  SeriesDetail,
  StudySummary,
} from '../../preload/contract/index.js';
import { host } from '../host/host.js';
import { findingKey, useReviewStore } from '../state/reviewStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { imageIdsForSeries } from '../viewer/imageIds.js';
import { PaneReadout } from '../viewer/PaneReadout.js';
import { PatientCorners } from '../viewer/PatientCorners.js';
import { CompareController } from './compareController.js';
import { FindingList } from './FindingList.js';
import { MipView } from './MipView.js';
import { RegionLayer } from './RegionLayer.js';
import { ResultPicker } from './ResultPicker.js';
import { reviewResults } from '../state/reviewResults.js';
import { SegmentLegend } from './SegmentLegend.js';
import './review.css';

const NOT_IMAGES = new Set(['SR', 'SEG', 'KO', 'PR', 'RWV']);
const NO_FINDINGS: readonly ReviewFinding[] = [];

/** The series the results were made from: the SEG's referenced series, else the largest image series. */
function sourceSeries(
  series: readonly SeriesDetail[],
  sourceSeriesId: string | undefined,
): SeriesDetail | undefined {
  const referenced = series.find((candidate) => candidate.id === sourceSeriesId);
  if (referenced !== undefined) return referenced;
  return [...series]
    .filter((candidate) => !NOT_IMAGES.has(candidate.modality))
    .sort((a, b) => b.imageCount - a.imageCount)[0];
}

/** MR or CT angiography (TOF, "angio" in the description): read as a MIP, so the MIP view is shown. */
function isAngiography(series: SeriesDetail): boolean {
  return /tof|angio|mra|cta|fl3d/i.test(`${series.description} ${series.sequenceName ?? ''}`);
}

export function ReviewWorkspace({
  study: summary,
  series,
}: {
  study: StudySummary | undefined;
  series: readonly SeriesDetail[];
}): React.JSX.Element {
  const { t } = useTranslation();
  const locale = useSettingsStore((state) => state.locale);
  const study = useReviewStore((state) => state.study);
  const studyId = useReviewStore((state) => state.studyId);
  const chosen = useReviewStore((state) => state.chosen);
  const error = useReviewStore((state) => state.error);
  const selected = useReviewStore((state) => state.selected);
  const fill = useReviewStore((state) => state.fill);
  const outline = useReviewStore((state) => state.outline);
  const opacity = useReviewStore((state) => state.opacity);
  const segments = useReviewStore((state) => state.segments);
  const originalRef = useRef<HTMLDivElement>(null);
  const annotatedRef = useRef<HTMLDivElement>(null);
  const controller = useRef<CompareController | undefined>(undefined);
  const [overlay, setOverlay] = useState<'loading' | 'ready' | 'none' | 'error'>('loading');
  const [marker, setMarker] = useState<[number, number] | undefined>(undefined);
  const [labelmap, setLabelmap] = useState<ReviewLabelmap | undefined>(undefined);

  const results = useMemo(() => reviewResults(study), [study]);
  const shown = results.find((result) => result.key === chosen);
  const segmentationInfo = shown?.segmentation;
  const report = shown?.report;
  const source =
    study === undefined ? undefined : sourceSeries(series, segmentationInfo?.sourceSeriesId);
  const selectedFinding = report?.findings.find((finding) => findingKey(finding) === selected);

  useEffect(() => {
    const original = originalRef.current;
    const annotated = annotatedRef.current;
    if (original === null || annotated === null || source === undefined || studyId === undefined)
      return;
    const compare = new CompareController();
    controller.current = compare;
    let cancelled = false;
    // Another result chosen: nothing of the last one's overlay counts as shown until this one is.
    setOverlay('loading');
    setLabelmap(undefined);
    // A pane that changes size (window, the library strip, the header) resizes cornerstone's canvases.
    const observer = new ResizeObserver(() => compare.resize());
    void (async () => {
      await compare.attach(original, annotated);
      if (cancelled) return;
      observer.observe(original);
      observer.observe(annotated);
      await compare.show(imageIdsForSeries(source));
      if (cancelled || segmentationInfo === undefined) {
        if (!cancelled) setOverlay('none');
        return;
      }
      const bytes = await host().invoke('review.segmentation', {
        studyId,
        sopInstanceUid: segmentationInfo.sopInstanceUid,
      });
      if (cancelled) return;
      if (!bytes.ok) {
        setOverlay('error');
        return;
      }
      try {
        await compare.overlay(bytes.value);
        if (cancelled) return;
        setLabelmap(bytes.value);
        const state = useReviewStore.getState();
        compare.style({
          fill: state.fill,
          outline: state.outline,
          opacity: state.opacity,
          segments: state.segments,
          highlighted: undefined,
        });
        setOverlay('ready');
      } catch {
        if (!cancelled) setOverlay('error');
      }
    })();
    return () => {
      cancelled = true;
      observer.disconnect();
      compare.detach();
      controller.current = undefined;
    };
  }, [source?.id, studyId, segmentationInfo?.sopInstanceUid]);

  // Results that arrive while the review is open (send/receive pipeline) are shown at once.
  useEffect(
    () =>
      host().on('jobs.resultsReady', (ready) => {
        if (ready.studyId === useReviewStore.getState().studyId)
          void useReviewStore.getState().openFor(ready.studyId);
      }),
    [],
  );

  useEffect(() => {
    if (overlay !== 'ready') return;
    controller.current?.style({
      fill,
      outline,
      opacity,
      segments,
      highlighted: selectedFinding?.segment?.segmentNumber,
    });
  }, [overlay, fill, outline, opacity, segments, selectedFinding]);

  useEffect(() => {
    const centre = selectedFinding?.centre;
    const compare = controller.current;
    const element = annotatedRef.current;
    if (centre === undefined || compare === undefined || element === null) {
      setMarker(undefined);
      return;
    }
    const point: [number, number, number] = [centre.x, centre.y, centre.z];
    compare.jumpTo(point);
    // Placed from the finding's patient coordinates on every render of the viewport (slice, zoom,
    // pan, a resize of the pane), never once: a position kept from an earlier canvas drifts off
    // the lesion while the segmentation, drawn by cornerstone, stays on it.
    const place = (): void => {
      const next = compare.canvasPoint(point);
      setMarker((last) =>
        last !== undefined && next !== undefined && last[0] === next[0] && last[1] === next[1]
          ? last
          : next,
      );
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, place);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, place);
    const frame = requestAnimationFrame(place);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, place);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, place);
    };
  }, [selectedFinding]);

  const markerStyle =
    marker === undefined ? undefined : { left: `${marker[0]}px`, top: `${marker[1]}px` };
  // Every pane with patient data says whose it is, as the viewer's cells do.
  const identity =
    summary === undefined ? null : <PatientCorners study={summary} locale={locale} />;
  return (
    <section className="review" data-testid="review">
      <header className="review-header">
        <h2>{t('review.heading')}</h2>
        <button
          type="button"
          className="secondary"
          data-testid="review-close"
          onClick={() => useReviewStore.getState().close()}
        >
          {t('review.close')}
        </button>
      </header>
      {error !== undefined && <p className="error">{t(`error.${error}`)}</p>}
      {study !== undefined && study.reports.length === 0 && study.segmentations.length === 0 && (
        <p className="hint">{t('review.noResults')}</p>
      )}
      <div className="review-body">
        <div
          className={`review-compare ${source !== undefined && isAngiography(source) ? 'with-mip' : ''}`}
        >
          <figure className="review-cell">
            <figcaption>{t('review.original')}</figcaption>
            <div className="review-stage">
              <div
                className="review-viewport"
                ref={originalRef}
                data-testid="review-original"
                onContextMenu={(e) => e.preventDefault()}
              />
              {markerStyle && <span className="finding-marker" style={markerStyle} />}
              {identity}
              <PaneReadout viewportRef={originalRef} />
            </div>
          </figure>
          <figure className="review-cell">
            <figcaption>
              {t('review.annotated')}{' '}
              {segmentationInfo?.algorithm !== undefined && (
                <span className="ai-mark">
                  <strong>AI</strong>
                </span>
              )}
            </figcaption>
            <div className="review-stage">
              <div
                className="review-viewport"
                ref={annotatedRef}
                data-testid="review-annotated"
                data-overlay={overlay}
                data-segmentation={segmentationInfo?.sopInstanceUid ?? ''}
                data-marker={
                  marker === undefined ? '' : `${marker[0].toFixed(1)},${marker[1].toFixed(1)}`
                }
                onContextMenu={(e) => e.preventDefault()}
              />
              <RegionLayer
                findings={report?.findings ?? NO_FINDINGS}
                series={source}
                viewportRef={annotatedRef}
              />
              {markerStyle && <span className="finding-marker" style={markerStyle} />}
              {identity}
              <PaneReadout viewportRef={annotatedRef} />
            </div>
          </figure>
          {source !== undefined && isAngiography(source) && (
            <MipView
              series={source}
              labelmap={labelmap}
              referenceImageId={imageIdsForSeries(source)[0]}
            >
              {identity}
            </MipView>
          )}
        </div>
        <aside className="review-panel">
          <ResultPicker results={results} />
          {segmentationInfo !== undefined && <SegmentLegend segmentation={segmentationInfo} />}
          {report !== undefined && <FindingList report={report} />}
        </aside>
      </div>
    </section>
  );
}
