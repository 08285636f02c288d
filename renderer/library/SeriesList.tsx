import { useTranslation } from 'react-i18next';
import { useLibraryStore } from '../state/libraryStore.js';

export function SeriesList(): React.JSX.Element | null {
  const { t } = useTranslation();
  const series = useLibraryStore((state) => state.series);
  const selectedSeriesId = useLibraryStore((state) => state.selectedSeriesId);
  const selectSeries = useLibraryStore((state) => state.selectSeries);
  if (series.length === 0) return null;
  return (
    <nav className="series-list" aria-label={t('library.seriesHeading')}>
      <h2>{t('library.seriesHeading')}</h2>
      <ul>
        {series.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              aria-pressed={item.id === selectedSeriesId}
              data-testid="series-item"
              onClick={() => selectSeries(item.id)}
            >
              <span className="series-modality">{item.modality}</span>
              <span>{t('library.seriesItem', { number: String(item.number ?? '–'), description: item.description || t('library.noDescription') })}</span>
              <span className="series-count">{t('library.seriesImages', { count: item.imageCount })}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
