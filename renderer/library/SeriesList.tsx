import { useTranslation } from 'react-i18next';
import { formatDicomDate } from '../format/dates.js';
import { useCompareStore } from '../state/compareStore.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { PriorSeriesList } from './PriorSeriesList.js';
import { ResultSeriesItems } from './ResultSeriesItems.js';
import { SeriesItem } from './SeriesItem.js';

export function SeriesList(): React.JSX.Element | null {
  const { t } = useTranslation();
  const allSeries = useLibraryStore((state) => state.series);
  const results = useLibraryStore((state) => state.results);
  const selectedSeriesId = useLibraryStore((state) => state.selectedSeriesId);
  const selectSeries = useLibraryStore((state) => state.selectSeries);
  const studies = useLibraryStore((state) => state.studies);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const prior = useCompareStore((state) => state.prior);
  const compareFor = useCompareStore((state) => state.currentId);
  const locale = useSettingsStore((state) => state.locale);
  if (allSeries.length === 0) return null;
  // An imported SEG is listed with the results, not among the images (ResultSeriesItems).
  const shownAsResult = new Set(results.map((result) => result.seriesId));
  const series = allSeries.filter((item) => !shownAsResult.has(item.id));
  const missing = series.reduce((sum, item) => sum + (item.missingFiles ?? 0), 0);
  const study = studies.find((candidate) => candidate.id === selectedStudyId);
  const comparing = prior !== undefined && compareFor === selectedStudyId;
  return (
    <>
      <nav className="series-list" aria-label={t('library.seriesHeading')}>
        <h2>
          {comparing && study !== undefined
            ? `${t('library.seriesHeading')} · ${t('reading.compare.current')} ${formatDicomDate(study.studyDate, locale)}`
            : t('library.seriesHeading')}
        </h2>
        {missing > 0 && (
          <p className="missing-files" role="alert" data-testid="missing-files">
            {t('library.missingFiles', { count: missing })}
          </p>
        )}
        <ul>
          {series.map((item) => (
            <SeriesItem
              key={item.id}
              item={item}
              pressed={item.id === selectedSeriesId}
              onOpen={selectSeries}
            />
          ))}
          <ResultSeriesItems />
        </ul>
      </nav>
      <PriorSeriesList />
    </>
  );
}
