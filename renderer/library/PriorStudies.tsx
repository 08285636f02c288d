import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../preload/contract/index.js';
import { formatDicomDate } from '../format/dates.js';
import { matchingSeries, samePatient, useCompareStore } from '../state/compareStore.js';
import { makeCell } from '../state/layouts.js';
import { useLibraryStore } from '../state/libraryStore.js';
import { useSettingsStore } from '../state/settingsStore.js';
import { useViewerStore } from '../state/viewerStore.js';

/** Hangs the prior's matching series beside what the first cell shows: a 1x2 layout, current left. */
async function compareWith(current: StudySummary, prior: StudySummary): Promise<void> {
  if (!(await useCompareStore.getState().open(current, prior))) return;
  const viewer = useViewerStore.getState();
  const library = useLibraryStore.getState();
  const left = viewer.cells[0];
  const shown = library.series.find((series) => series.id === left?.seriesId);
  const match =
    shown === undefined ? undefined : matchingSeries(shown, useCompareStore.getState().priorSeries);
  if (left === undefined || match === undefined) return;
  viewer.update({
    layout: '1x2',
    cells: [left, makeCell(match.id, 'stack', 'slice', 1)],
    activeCell: 0,
  });
}

/**
 * The same patient's other studies (same patient ID and birth date), newest first, each with a
 * button that hangs it beside the current one for comparison.
 */
export function PriorStudies(): React.JSX.Element | null {
  const { t } = useTranslation();
  const studies = useLibraryStore((state) => state.studies);
  const selectedStudyId = useLibraryStore((state) => state.selectedStudyId);
  const prior = useCompareStore((state) => state.prior);
  const locale = useSettingsStore((state) => state.locale);
  const current = studies.find((study) => study.id === selectedStudyId);
  if (current === undefined) return null;
  const others = studies
    .filter((study) => study.id !== current.id && samePatient(study, current))
    .sort((a, b) => b.studyDate.localeCompare(a.studyDate));
  if (others.length === 0) return null;
  return (
    <section className="prior-studies" data-testid="prior-studies">
      <h2>{t('reading.compare.heading')}</h2>
      <ul>
        {others.map((study) => (
          <li key={study.id} data-testid="prior-study">
            <span className="prior-date">{formatDicomDate(study.studyDate, locale)}</span>
            <span className="series-modality">{study.modalities.join(', ')}</span>
            <span className="prior-description">{study.studyDescription}</span>
            {prior?.id === study.id ? (
              <button
                type="button"
                className="secondary"
                data-testid="compare-end"
                onClick={() => useCompareStore.getState().close()}
              >
                {t('reading.compare.end')}
              </button>
            ) : (
              <button
                type="button"
                data-testid="compare-open"
                onClick={() => void compareWith(current, study)}
              >
                {t('reading.compare.open')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
