import { useTranslation } from 'react-i18next';
import type { LibraryResultSeries } from '../../preload/contract.js';
import { useServiceNames } from '../catalog/useServiceNames.js';
import { formatDateTime } from '../format/dateTime.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useReviewStore } from '../state/reviewStore.js';
import { useSettingsStore } from '../state/settingsStore.js';

/**
 * The study's result series in its series list, after the images: each AI result (SEG, SR) marked
 * "AI" with its algorithm, service and time, and each of the doctor's assessments. They have no
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

function ResultSeriesButton({ series, studyId }: { series: LibraryResultSeries; studyId: string }): React.JSX.Element {
  const { t } = useTranslation();
  const serviceName = useServiceNames();
  const locale = useSettingsStore((state) => state.locale);
  const time = formatDateTime(series.time, locale);
  const ai = series.kind === 'ai';
  return (
    <button
      type="button"
      className={`result-series result-series-${series.kind}`}
      data-testid="result-series"
      data-kind={series.kind}
      title={t('library.results.open')}
      onClick={() => void useReviewStore.getState().openFor(studyId)}
    >
      <span className={`result-series-mark ${ai ? 'ai-mark' : 'assessment-mark'}`}>{ai ? t('jobs.aiMark') : t('library.results.assessment')}</span>
      <span className="series-modality">{series.modality}</span>
      <span>
        {ai
          ? t('library.results.aiSeries', { algorithm: series.algorithm?.name ?? '', version: series.algorithm?.version ?? '' })
          : t('library.results.assessment')}
      </span>
      <span className="series-count">
        {ai
          ? t('library.results.aiDetail', { service: serviceName(series.serviceId ?? ''), serviceVersion: series.serviceVersion ?? '', time })
          : t('library.results.assessmentDetail', { observer: (series.observer ?? '').replaceAll('^', ' ').trim(), time })}
      </span>
    </button>
  );
}
