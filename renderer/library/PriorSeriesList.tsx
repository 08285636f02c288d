import { useTranslation } from 'react-i18next';
import { formatDicomDate } from '../format/dates.js';
import { useCompareStore } from '../state/compareStore.js';
import { makeCell } from '../state/layouts.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';
import { SeriesItem } from './SeriesItem.js';

/** Shows a prior series in the cell that shows the prior now, else in the last cell. */
function showPriorSeries(seriesId: string): void {
  const viewer = useViewerStore.getState();
  const priorIds = new Set(useCompareStore.getState().priorSeries.map((series) => series.id));
  const active = viewer.cells[viewer.activeCell];
  const slot =
    active !== undefined && priorIds.has(active.seriesId)
      ? viewer.activeCell
      : Math.max(
          1,
          viewer.cells.findIndex((cell) => priorIds.has(cell.seriesId)),
        );
  const cells = [...viewer.cells];
  if (cells.length < 2) return;
  cells[Math.min(slot, cells.length - 1)] = makeCell(
    seriesId,
    'stack',
    'slice',
    Math.min(slot, cells.length - 1),
  );
  viewer.update({ cells });
}

/** The prior study's series thumbnails, under its date, while it is open for comparison. */
export function PriorSeriesList(): React.JSX.Element | null {
  const { t } = useTranslation();
  const prior = useCompareStore((state) => state.prior);
  const priorSeries = useCompareStore((state) => state.priorSeries);
  const currentId = useCompareStore((state) => state.currentId);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const locale = useSettingsStore((state) => state.locale);
  if (prior === undefined || currentId !== selectedStudyId) return null;
  return (
    <nav className="series-list prior-series" aria-label={t('reading.compare.heading')}>
      <h2 data-testid="prior-series-heading">
        {t('reading.compare.prior', { date: formatDicomDate(prior.studyDate, locale) })}
      </h2>
      <ul>
        {priorSeries.map((item) => (
          <SeriesItem key={item.id} item={item} study="prior" onOpen={showPriorSeries} />
        ))}
      </ul>
    </nav>
  );
}
