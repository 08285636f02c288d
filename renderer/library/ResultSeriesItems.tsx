import { useTranslation } from 'react-i18next';
import type { LibraryResultSeries } from '../../preload/contract/index.js';
import { useServiceNames } from '../state/useServiceNames.js';
import { formatDateTime } from '../format/dates.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useReviewStore } from '../state/reviewStore.js';
import { useSettingsStore } from '../state/settingsStore.js';

/**
 * The study's result series in its series list, after the images: each AI result (SEG, SR) marked
 * "AI" with its algorithm, service and time, each of the doctor's assessments, and each SEG or SR
 * imported with the study (marked "AI" only when its Contributing Equipment says so). They have no
 * images of their own, so they are not opened as image stacks: choosing one opens the review.
 */
export function ResultSeriesItems(): React.JSX.Element | null {
  const results = useLibraryStore((state) => state.results);
  const studyId = useLibraryStore((state) => state.selectedStudyId);
  if (results.length === 0 || studyId === undefined) return null;
  return (
    <>
      {results.map((series) => (
        <li key={`${series.kind}-${series.seriesInstanceUid}`}>
          <ResultSeriesButton series={series} studyId={studyId} />
        </li>
      ))}
    </>
  );
}

function ResultSeriesButton({
  series,
  studyId,
}: {
  series: LibraryResultSeries;
  studyId: string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const serviceName = useServiceNames();
  const locale = useSettingsStore((state) => state.locale);
  const time = formatDateTime(series.time, locale);
  // An imported SEG or SR is AI only when its Contributing Equipment names an algorithm.
  const ai = series.kind === 'ai' || (series.kind === 'imported' && series.algorithm !== undefined);
  const algorithm = t('library.results.aiSeries', {
    algorithm: series.algorithm?.name ?? '',
    version: series.algorithm?.version ?? '',
  });
  const [mark, text, detail] =
    series.kind === 'ai'
      ? [
          t('jobs.aiMark'),
          algorithm,
          t('library.results.aiDetail', {
            service: serviceName(series.serviceId ?? ''),
            serviceVersion: series.serviceVersion ?? '',
            time,
          }),
        ]
      : series.kind === 'assessment'
        ? [
            t('library.results.assessment'),
            t('library.results.assessment'),
            t('library.results.assessmentDetail', {
              observer: (series.observer ?? '').replaceAll('^', ' ').trim(),
              time,
            }),
          ]
        : [
            ai ? t('jobs.aiMark') : t('library.results.importedMark'),
            series.description ?? t('library.noDescription'),
            [ai ? algorithm : t('review.manualResult'), time].filter(Boolean).join(' · '),
          ];
  return (
    <button
      type="button"
      className={`result-series result-series-${series.kind}`}
      data-testid="result-series"
      data-kind={series.kind}
      data-ai={ai}
      title={t('library.results.open')}
      onClick={() => void useReviewStore.getState().openFor(studyId, series.seriesInstanceUid)}
    >
      <span
        className={`result-series-mark ${ai ? 'ai-mark' : series.kind === 'assessment' ? 'assessment-mark' : 'manual-mark'}`}
      >
        {mark}
      </span>
      <span className="series-modality">{series.modality}</span>
      <span>{text}</span>
      <span className="series-count">{detail}</span>
    </button>
  );
}
